// SPDX-License-Identifier: Apache-2.0
/**
 * Open-time recovery of the embedded store: verifies sealed segments, scans the last one, truncates
 * a torn unacknowledged tail, detects damage in acknowledged data, and rebuilds the stream index from
 * the index checkpoint plus the log after it. Internal to the store.
 */
@NullMarked
package dev.annals.store.embedded.recovery;

import org.jspecify.annotations.NullMarked;
