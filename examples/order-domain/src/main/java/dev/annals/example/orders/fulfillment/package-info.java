// SPDX-License-Identifier: Apache-2.0
/**
 * The OrderFulfillment process manager: reserves stock when an order is confirmed, marks it ready
 * to ship or compensates, releases stock and refunds on cancellation. Pure; its runner lives
 * elsewhere.
 */
@NullMarked
package dev.annals.example.orders.fulfillment;

import org.jspecify.annotations.NullMarked;
