// SPDX-License-Identifier: Apache-2.0
/**
 * The event store port and its vocabulary: stream ids, versions, positions, expected versions and
 * the typed outcomes of appends and reads. No implementation lives here; stores implement
 * {@link dev.annals.core.store.EventStore} and prove it with the contract suite in annals-testing.
 */
@NullMarked
package dev.annals.core.store;

import org.jspecify.annotations.NullMarked;
