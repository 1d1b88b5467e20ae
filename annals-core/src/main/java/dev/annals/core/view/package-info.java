// SPDX-License-Identifier: Apache-2.0
/**
 * The read-side shape: a {@link dev.annals.core.view.View} folds one event into a read model's
 * state. Views know nothing of storage, checkpoints or threads; the projection runner does.
 */
@NullMarked
package dev.annals.core.view;

import org.jspecify.annotations.NullMarked;
