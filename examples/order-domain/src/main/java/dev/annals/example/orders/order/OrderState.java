// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One order as the decider sees it: not yet created, or created with what later decisions need. */
public sealed interface OrderState {
    record NotCreated() implements OrderState {}

    /**
     * {@code paidAmount} is null until the order is paid; {@code isRefunded} only after a refund.
     * {@code total} includes corrections.
     */
    record Created(OrderId orderId, CustomerId customerId, OrderStatus status, List<OrderLine> lines, Money total,
                   @Nullable String paymentId, @Nullable Money paidAmount, boolean isRefunded) implements OrderState {
        public Created {
            lines = List.copyOf(lines);
        }

        public boolean isPaid() {
            return paidAmount != null;
        }

        public Optional<OrderLine> line(ProductId productId) {
            return lines.stream().filter(l -> l.productId().equals(productId)).findFirst();
        }

        Created withStatus(OrderStatus value) {
            return new Created(orderId, customerId, value, lines, total, paymentId, paidAmount, isRefunded);
        }

        Created withLines(List<OrderLine> value, Money newTotal) {
            return new Created(orderId, customerId, status, value, newTotal, paymentId, paidAmount, isRefunded);
        }

        Created withTotal(Money value) {
            return new Created(orderId, customerId, status, lines, value, paymentId, paidAmount, isRefunded);
        }

        Created withPayment(String id, Money amount) {
            return new Created(orderId, customerId, status, lines, total, id, amount, isRefunded);
        }

        Created refunded() {
            return new Created(orderId, customerId, status, lines, total, paymentId, paidAmount, true);
        }
    }
}
