// SPDX-License-Identifier: Apache-2.0
/**
 * The embedded single-node event store: {@link dev.annals.store.embedded.EmbeddedEventStore}, its
 * configuration, open outcomes and reports. The mechanisms live in sub-packages: {@code log} (segment
 * files and record framing), {@code index} (stream index), {@code checkpoint} (atomic small files and
 * the index checkpoint) and {@code recovery} (open-time scan, verification and truncation).
 */
@NullMarked
package dev.annals.store.embedded;

import org.jspecify.annotations.NullMarked;
