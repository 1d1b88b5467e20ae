// SPDX-License-Identifier: Apache-2.0
/**
 * How the order service writes its events and read-model states: the explicit, versioned wire
 * names of every event type, the Jackson module for the domain's value types, and the state codecs
 * of the durable view stores. No HTTP here; response shapes live in {@code ..service.http}.
 */
@NullMarked
package dev.annals.example.orders.service.json;

import org.jspecify.annotations.NullMarked;
