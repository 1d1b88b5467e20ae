// SPDX-License-Identifier: Apache-2.0
/**
 * The write side: the {@link dev.annals.core.decider.Decider} shape, its decisions, and the
 * {@link dev.annals.core.decider.CommandHandler} that loads state, decides, appends with optimistic
 * concurrency, retries conflicts, snapshots and replays idempotent commands. Also the temporal fold.
 */
@NullMarked
package dev.annals.core.decider;

import org.jspecify.annotations.NullMarked;
