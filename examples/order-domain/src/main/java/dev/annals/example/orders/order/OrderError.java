// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

/**
 * Why the order said no: one variant per broken rule. {@link #code()} is the stable snake_case code
 * clients see ({@code {"error":{"code":…}}}); never rename one.
 */
public sealed interface OrderError {
    String code();

    record OrderNotFound(OrderId orderId) implements OrderError {
        public String code() {
            return "order_not_found";
        }
    }

    record OrderAlreadyExists(OrderId orderId) implements OrderError {
        public String code() {
            return "order_already_exists";
        }
    }

    /** An order needs at least one line. */
    record OrderHasNoItems(OrderId orderId) implements OrderError {
        public String code() {
            return "order_has_no_items";
        }
    }

    record TooManyProducts(int maximum, int requested) implements OrderError {
        public String code() {
            return "too_many_products";
        }
    }

    /** The same product twice in one order (in a new order's lines, or added again). */
    record ProductAlreadyInOrder(ProductId productId) implements OrderError {
        public String code() {
            return "product_already_in_order";
        }
    }

    record InvalidQuantity(ProductId productId, int quantity) implements OrderError {
        public String code() {
            return "invalid_quantity";
        }
    }

    /** The order's total would exceed what {@link Money} holds. */
    record TotalTooLarge(OrderId orderId) implements OrderError {
        public String code() {
            return "total_too_large";
        }
    }

    /** Items are added, removed and confirmed only while the order is pending. */
    record OrderNotPending(OrderId orderId, OrderStatus status) implements OrderError {
        public String code() {
            return "order_not_pending";
        }
    }

    record ProductNotInOrder(ProductId productId) implements OrderError {
        public String code() {
            return "product_not_in_order";
        }
    }

    record CannotRemoveLastItem(ProductId productId) implements OrderError {
        public String code() {
            return "cannot_remove_last_item";
        }
    }

    /** Payment is taken only from CONFIRMED or READY_TO_SHIP. */
    record OrderNotPayable(OrderId orderId, OrderStatus status) implements OrderError {
        public String code() {
            return "order_not_payable";
        }
    }

    record PaymentAlreadyRecorded(OrderId orderId, String paymentId) implements OrderError {
        public String code() {
            return "payment_already_recorded";
        }
    }

    record OrderNotReadyToShip(OrderId orderId, OrderStatus status) implements OrderError {
        public String code() {
            return "order_not_ready_to_ship";
        }
    }

    /** Shipping and refunding need a recorded payment. */
    record OrderNotPaid(OrderId orderId) implements OrderError {
        public String code() {
            return "order_not_paid";
        }
    }

    record OrderAlreadyShipped(OrderId orderId) implements OrderError {
        public String code() {
            return "order_already_shipped";
        }
    }

    record OrderAlreadyCancelled(OrderId orderId) implements OrderError {
        public String code() {
            return "order_already_cancelled";
        }
    }

    /** Only a confirmed order becomes ready to ship. */
    record OrderNotConfirmed(OrderId orderId, OrderStatus status) implements OrderError {
        public String code() {
            return "order_not_confirmed";
        }
    }

    /** Only a cancelled order is refunded. */
    record OrderNotCancelled(OrderId orderId, OrderStatus status) implements OrderError {
        public String code() {
            return "order_not_cancelled";
        }
    }

    record RefundAlreadyRecorded(OrderId orderId) implements OrderError {
        public String code() {
            return "refund_already_recorded";
        }
    }

    /** A correction must change the total. */
    record TotalUnchanged(OrderId orderId, Money total) implements OrderError {
        public String code() {
            return "total_unchanged";
        }
    }

    /** A text the rule needs (a reason, a tracking number, a carrier, a payment id) was blank. */
    record ValueRequired(String field) implements OrderError {
        public String code() {
            return "value_required";
        }
    }
}
