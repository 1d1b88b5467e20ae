// SPDX-License-Identifier: Apache-2.0
/**
 * In-memory implementations of the projection ports: view store, dead letters, locks and deadlines.
 * For tests, examples and read models that are rebuilt at every start; nothing here survives a restart.
 */
@NullMarked
package dev.annals.projections.memory;

import org.jspecify.annotations.NullMarked;
