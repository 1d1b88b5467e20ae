// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

/**
 * Where an order is in its life: {@code PENDING → CONFIRMED → READY_TO_SHIP → SHIPPED}, and
 * {@code CANCELLED} from any status before {@code SHIPPED}.
 */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    READY_TO_SHIP,
    SHIPPED,
    CANCELLED
}
