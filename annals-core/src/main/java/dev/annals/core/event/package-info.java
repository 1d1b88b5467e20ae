// SPDX-License-Identifier: Apache-2.0
/**
 * The event model: what an append carries ({@link dev.annals.core.event.EventData}), what a read
 * returns ({@link dev.annals.core.event.RecordedEvent}), metadata, event ids, and the codec port with
 * its upcaster chain. Stored bytes never change; upcasting happens on read.
 */
@NullMarked
package dev.annals.core.event;

import org.jspecify.annotations.NullMarked;
