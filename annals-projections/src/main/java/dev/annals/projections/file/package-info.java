// SPDX-License-Identifier: Apache-2.0
/**
 * Durable file implementations of the projection ports for the embedded deployment: append-only logs
 * of CRC32C-framed records, replayed on open and compacted into snapshots. One process owns a directory.
 */
@NullMarked
package dev.annals.projections.file;

import org.jspecify.annotations.NullMarked;
