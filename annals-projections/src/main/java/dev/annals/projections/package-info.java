// SPDX-License-Identifier: Apache-2.0
/**
 * The projection runtime: runners that fold the global log into keyed read models or feed process
 * managers, with checkpoints, retries, dead letters, fencing, partitions and blue-green rebuilds.
 * The ports ({@link dev.annals.projections.DeadLetterStore}, {@link dev.annals.projections.ProjectionLocks},
 * {@link dev.annals.projections.DeadlineStore}) live here; their implementations live in
 * {@code .memory} and {@code .file}.
 */
@NullMarked
package dev.annals.projections;

import org.jspecify.annotations.NullMarked;
