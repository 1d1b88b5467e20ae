// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.fulfillment;

import dev.annals.example.orders.inventory.InventoryCommand;
import dev.annals.example.orders.order.OrderCommand;

/** A command the fulfilment process sends, addressed to the boundary that handles it. */
public sealed interface FulfillmentCommand {
    record ToOrder(OrderCommand command) implements FulfillmentCommand {}

    record ToInventory(InventoryCommand command) implements FulfillmentCommand {}
}
