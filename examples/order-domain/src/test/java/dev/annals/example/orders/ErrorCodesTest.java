// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.example.orders.inventory.InventoryError;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderError;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.order.ProductId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clients switch on rejection codes: every variant has its own stable snake_case code. */
class ErrorCodesTest {
    private static final OrderId ORDER = OrderId.of("o-1");
    private static final ProductId PRODUCT = ProductId.of("p-1");

    @Test
    void everyOrderRejectionHasItsOwnSnakeCaseCode() {
        List<OrderError> every = List.of(
                new OrderError.OrderNotFound(ORDER), new OrderError.OrderAlreadyExists(ORDER),
                new OrderError.OrderHasNoItems(ORDER), new OrderError.TooManyProducts(10, 11),
                new OrderError.ProductAlreadyInOrder(PRODUCT), new OrderError.InvalidQuantity(PRODUCT, 0),
                new OrderError.TotalTooLarge(ORDER), new OrderError.OrderNotPending(ORDER, OrderStatus.CONFIRMED),
                new OrderError.ProductNotInOrder(PRODUCT), new OrderError.CannotRemoveLastItem(PRODUCT),
                new OrderError.OrderNotPayable(ORDER, OrderStatus.PENDING), new OrderError.PaymentAlreadyRecorded(ORDER, "p"),
                new OrderError.OrderNotReadyToShip(ORDER, OrderStatus.CONFIRMED), new OrderError.OrderNotPaid(ORDER),
                new OrderError.OrderAlreadyShipped(ORDER), new OrderError.OrderAlreadyCancelled(ORDER),
                new OrderError.OrderNotConfirmed(ORDER, OrderStatus.PENDING), new OrderError.OrderNotCancelled(ORDER, OrderStatus.PENDING),
                new OrderError.RefundAlreadyRecorded(ORDER), new OrderError.TotalUnchanged(ORDER, Money.ZERO),
                new OrderError.ValueRequired("reason"));

        assertThat(every).hasSize(OrderError.class.getPermittedSubclasses().length);
        assertThat(every).extracting(OrderError::code).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z]+(_[a-z]+)*"));
        assertThat(new OrderError.OrderNotPending(ORDER, OrderStatus.CONFIRMED).code()).isEqualTo("order_not_pending");
    }

    @Test
    void everyInventoryRejectionHasItsOwnSnakeCaseCode() {
        List<InventoryError> every = List.of(
                new InventoryError.InvalidQuantity(PRODUCT, 0), new InventoryError.InsufficientStock(PRODUCT, 2, 1),
                new InventoryError.AlreadyReservedForOrder(PRODUCT, ORDER, 1), new InventoryError.StockLimitExceeded(PRODUCT, 1));

        assertThat(every).hasSize(InventoryError.class.getPermittedSubclasses().length);
        assertThat(every).extracting(InventoryError::code).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z]+(_[a-z]+)*"));
        assertThat(new InventoryError.InsufficientStock(PRODUCT, 2, 1).code()).isEqualTo("insufficient_stock");
    }
}
