// SPDX-License-Identifier: Apache-2.0
/**
 * The Order boundary: value types, commands, events, state, typed rejections and the pure
 * {@link dev.annals.example.orders.order.OrderDecider}. No clock, no I/O: time arrives in commands.
 */
@NullMarked
package dev.annals.example.orders.order;

import org.jspecify.annotations.NullMarked;
