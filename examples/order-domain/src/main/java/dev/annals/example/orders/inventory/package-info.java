// SPDX-License-Identifier: Apache-2.0
/**
 * The Inventory boundary, one stream per product: stock on hand, reservations per order, and the
 * pure {@link dev.annals.example.orders.inventory.InventoryDecider}.
 */
@NullMarked
package dev.annals.example.orders.inventory;

import org.jspecify.annotations.NullMarked;
