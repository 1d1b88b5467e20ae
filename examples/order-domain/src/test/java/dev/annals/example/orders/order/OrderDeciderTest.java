// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.order;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.CUSTOMER;
import static dev.annals.example.orders.order.OrderFixtures.LINES;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.PEAR;
import static dev.annals.example.orders.order.OrderFixtures.PLUM;
import static dev.annals.example.orders.order.OrderFixtures.T0;
import static dev.annals.example.orders.order.OrderFixtures.TOTAL;
import static dev.annals.example.orders.order.OrderFixtures.at;
import static dev.annals.example.orders.order.OrderFixtures.cancelled;
import static dev.annals.example.orders.order.OrderFixtures.confirmed;
import static dev.annals.example.orders.order.OrderFixtures.created;
import static dev.annals.example.orders.order.OrderFixtures.distinctLines;
import static dev.annals.example.orders.order.OrderFixtures.historyIn;
import static dev.annals.example.orders.order.OrderFixtures.line;
import static dev.annals.example.orders.order.OrderFixtures.money;
import static dev.annals.example.orders.order.OrderFixtures.paid;
import static dev.annals.example.orders.order.OrderFixtures.readyToShip;
import static dev.annals.example.orders.order.OrderFixtures.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.example.orders.order.OrderCommand.AddItem;
import dev.annals.example.orders.order.OrderCommand.CancelOrder;
import dev.annals.example.orders.order.OrderCommand.ConfirmOrder;
import dev.annals.example.orders.order.OrderCommand.CorrectTotal;
import dev.annals.example.orders.order.OrderCommand.CreateOrder;
import dev.annals.example.orders.order.OrderCommand.MarkReadyToShip;
import dev.annals.example.orders.order.OrderCommand.PayOrder;
import dev.annals.example.orders.order.OrderCommand.RefundOrder;
import dev.annals.example.orders.order.OrderCommand.RemoveItem;
import dev.annals.example.orders.order.OrderCommand.ShipOrder;
import dev.annals.example.orders.order.OrderError.CannotRemoveLastItem;
import dev.annals.example.orders.order.OrderError.InvalidQuantity;
import dev.annals.example.orders.order.OrderError.OrderAlreadyCancelled;
import dev.annals.example.orders.order.OrderError.OrderAlreadyExists;
import dev.annals.example.orders.order.OrderError.OrderAlreadyShipped;
import dev.annals.example.orders.order.OrderError.OrderHasNoItems;
import dev.annals.example.orders.order.OrderError.OrderNotCancelled;
import dev.annals.example.orders.order.OrderError.OrderNotConfirmed;
import dev.annals.example.orders.order.OrderError.OrderNotFound;
import dev.annals.example.orders.order.OrderError.OrderNotPaid;
import dev.annals.example.orders.order.OrderError.OrderNotPayable;
import dev.annals.example.orders.order.OrderError.OrderNotPending;
import dev.annals.example.orders.order.OrderError.OrderNotReadyToShip;
import dev.annals.example.orders.order.OrderError.PaymentAlreadyRecorded;
import dev.annals.example.orders.order.OrderError.ProductAlreadyInOrder;
import dev.annals.example.orders.order.OrderError.ProductNotInOrder;
import dev.annals.example.orders.order.OrderError.RefundAlreadyRecorded;
import dev.annals.example.orders.order.OrderError.TooManyProducts;
import dev.annals.example.orders.order.OrderError.TotalTooLarge;
import dev.annals.example.orders.order.OrderError.TotalUnchanged;
import dev.annals.example.orders.order.OrderError.ValueRequired;
import dev.annals.example.orders.order.OrderEvent.ItemAdded;
import dev.annals.example.orders.order.OrderEvent.ItemRemoved;
import dev.annals.example.orders.order.OrderEvent.OrderCancelled;
import dev.annals.example.orders.order.OrderEvent.OrderConfirmed;
import dev.annals.example.orders.order.OrderEvent.OrderCreated;
import dev.annals.example.orders.order.OrderEvent.OrderPaid;
import dev.annals.example.orders.order.OrderEvent.OrderReadyToShip;
import dev.annals.example.orders.order.OrderEvent.OrderRefunded;
import dev.annals.example.orders.order.OrderEvent.OrderShipped;
import dev.annals.example.orders.order.OrderEvent.OrderTotalCorrected;
import dev.annals.example.orders.order.OrderState.Created;
import dev.annals.testing.spec.DeciderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the Order boundary (API.md, "The domain"), one sentence per test. */
class OrderDeciderTest {
    private final DeciderSpec<OrderCommand, OrderState, OrderEvent, OrderError> order = DeciderSpec.of(new OrderDecider());

    private static Created pending(List<OrderLine> lines, Money total) {
        return new Created(ORDER, CUSTOMER, OrderStatus.PENDING, lines, total, null, null, false);
    }

    @Nested
    class Creating {
        @Test
        void createsAPendingOrderWithItsLinesAndTheirTotal() {
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, LINES, T0))
                    .thenEvents(new OrderCreated(ORDER, CUSTOMER, LINES, money("5.25"), T0))
                    .thenState(pending(LINES, money("5.25")));
        }

        @Test
        void createsAnOrderWithOneProduct() {
            List<OrderLine> one = List.of(line(APPLE, 1, "0.99"));
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, one, T0))
                    .thenEvents(new OrderCreated(ORDER, CUSTOMER, one, money("0.99"), T0));
        }

        @Test
        void createsAnOrderWithTenDistinctProducts() {
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, distinctLines(10), T0))
                    .thenEvents(new OrderCreated(ORDER, CUSTOMER, distinctLines(10), money("10.00"), T0));
        }

        @Test
        void rejectsAnOrderWithoutItems() {
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, List.of(), T0))
                    .thenRejectedWith(new OrderHasNoItems(ORDER));
        }

        @Test
        void rejectsAnOrderWithElevenDistinctProducts() {
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, distinctLines(11), T0))
                    .thenRejectedWith(new TooManyProducts(10, 11));
        }

        @Test
        void rejectsTheSameProductTwiceInANewOrder() {
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, List.of(line(APPLE, 1, "1.00"), line(APPLE, 2, "1.00")), T0))
                    .thenRejectedWith(new ProductAlreadyInOrder(APPLE));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 1000})
        void acceptsQuantitiesAtTheBoundsOneAndOneThousand(int quantity) {
            List<OrderLine> lines = List.of(line(APPLE, quantity, "0.01"));
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, lines, T0))
                    .thenEvents(new OrderCreated(ORDER, CUSTOMER, lines, Money.ofCents(quantity), T0));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE})
        void rejectsAQuantityOutsideOneToOneThousand(int quantity) {
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, List.of(line(APPLE, 1, "1.00"), line(PEAR, quantity, "1.00")), T0))
                    .thenRejectedWith(new InvalidQuantity(PEAR, quantity));
        }

        @Test
        void acceptsAUnitPriceOfZero() {
            List<OrderLine> lines = List.of(line(APPLE, 3, "0.00"), line(PEAR, 1, "2.00"));
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, lines, T0))
                    .thenEvents(new OrderCreated(ORDER, CUSTOMER, lines, money("2.00"), T0));
        }

        @Test
        void aNegativeUnitPriceCannotEvenBeWritten() {
            assertThatThrownBy(() -> line(APPLE, 1, "-0.01")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new OrderLine(APPLE, 1, Money.ofCents(-1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void rejectsATotalBeyondWhatMoneyHolds() {
            List<OrderLine> lines = List.of(new OrderLine(APPLE, 1000, Money.MAX), new OrderLine(PEAR, 1, Money.ofCents(1)));
            order.given()
                    .when(new CreateOrder(ORDER, CUSTOMER, lines, T0))
                    .thenRejectedWith(new TotalTooLarge(ORDER));
        }

        @Test
        void rejectsCreatingAnOrderThatExists() {
            order.given(created())
                    .when(new CreateOrder(ORDER, CUSTOMER, LINES, at(1)))
                    .thenRejectedWith(new OrderAlreadyExists(ORDER));
        }
    }

    @Nested
    class ChangingItems {
        @Test
        void addsAnItemToAPendingOrderAndMovesTheTotal() {
            OrderLine plums = line(PLUM, 4, "0.50");
            List<OrderLine> lines = new ArrayList<>(LINES);
            lines.add(plums);
            order.given(created())
                    .when(new AddItem(ORDER, plums, at(1)))
                    .thenEvents(new ItemAdded(ORDER, CUSTOMER, plums, money("7.25"), at(1)))
                    .thenState(pending(lines, money("7.25")));
        }

        @Test
        void rejectsAddingAProductAlreadyInTheOrder() {
            order.given(created())
                    .when(new AddItem(ORDER, line(APPLE, 1, "1.50"), at(1)))
                    .thenRejectedWith(new ProductAlreadyInOrder(APPLE));
        }

        @Test
        void rejectsAnEleventhDistinctProduct() {
            order.given(new OrderCreated(ORDER, CUSTOMER, distinctLines(10), money("10.00"), T0))
                    .when(new AddItem(ORDER, line(PLUM, 1, "1.00"), at(1)))
                    .thenRejectedWith(new TooManyProducts(10, 11));
        }

        @Test
        void addsATenthDistinctProduct() {
            OrderLine plum = line(PLUM, 1, "1.00");
            order.given(new OrderCreated(ORDER, CUSTOMER, distinctLines(9), money("9.00"), T0))
                    .when(new AddItem(ORDER, plum, at(1)))
                    .thenEvents(new ItemAdded(ORDER, CUSTOMER, plum, money("10.00"), at(1)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1001})
        void rejectsAddingAQuantityOutsideOneToOneThousand(int quantity) {
            order.given(created())
                    .when(new AddItem(ORDER, line(PLUM, quantity, "1.00"), at(1)))
                    .thenRejectedWith(new InvalidQuantity(PLUM, quantity));
        }

        @ParameterizedTest
        @EnumSource(value = OrderStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
        void rejectsAddingAnItemUnlessPending(OrderStatus status) {
            order.given(historyIn(status))
                    .when(new AddItem(ORDER, line(PLUM, 1, "1.00"), at(9)))
                    .thenRejectedWith(new OrderNotPending(ORDER, status));
        }

        @Test
        void removesAnItemFromAPendingOrderAndMovesTheTotal() {
            order.given(created())
                    .when(new RemoveItem(ORDER, APPLE, at(1)))
                    .thenEvents(new ItemRemoved(ORDER, CUSTOMER, line(APPLE, 2, "1.50"), money("2.25"), at(1)))
                    .thenState(pending(List.of(line(PEAR, 1, "2.25")), money("2.25")));
        }

        @Test
        void rejectsRemovingTheLastItem() {
            order.given(created(), new ItemRemoved(ORDER, CUSTOMER, line(APPLE, 2, "1.50"), money("2.25"), at(1)))
                    .when(new RemoveItem(ORDER, PEAR, at(2)))
                    .thenRejectedWith(new CannotRemoveLastItem(PEAR));
        }

        @Test
        void rejectsRemovingAProductThatIsNotInTheOrder() {
            order.given(created())
                    .when(new RemoveItem(ORDER, PLUM, at(1)))
                    .thenRejectedWith(new ProductNotInOrder(PLUM));
        }

        @ParameterizedTest
        @EnumSource(value = OrderStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
        void rejectsRemovingAnItemUnlessPending(OrderStatus status) {
            order.given(historyIn(status))
                    .when(new RemoveItem(ORDER, APPLE, at(9)))
                    .thenRejectedWith(new OrderNotPending(ORDER, status));
        }

        @Test
        void addsAProductAgainAfterItWasRemoved() {
            OrderLine apples = line(APPLE, 5, "1.00");
            order.given(created(), new ItemRemoved(ORDER, CUSTOMER, line(APPLE, 2, "1.50"), money("2.25"), at(1)))
                    .when(new AddItem(ORDER, apples, at(2)))
                    .thenEvents(new ItemAdded(ORDER, CUSTOMER, apples, money("7.25"), at(2)));
        }

        @Test
        void keepsAnEarlierCorrectionWhenAnItemIsAdded() {
            OrderLine plum = line(PLUM, 1, "1.00");
            order.given(created(), new OrderTotalCorrected(ORDER, CUSTOMER, TOTAL, money("5.00"), "discount", at(1)))
                    .when(new AddItem(ORDER, plum, at(2)))
                    .thenEvents(new ItemAdded(ORDER, CUSTOMER, plum, money("6.00"), at(2)));
        }
    }

    @Nested
    class Confirming {
        @Test
        void confirmsAPendingOrderWithTheLinesToReserve() {
            order.given(created())
                    .when(new ConfirmOrder(ORDER, at(1)))
                    .thenEvents(new OrderConfirmed(ORDER, CUSTOMER, LINES, TOTAL, at(1)))
                    .thenState(new Created(ORDER, CUSTOMER, OrderStatus.CONFIRMED, LINES, TOTAL, null, null, false));
        }

        @ParameterizedTest
        @EnumSource(value = OrderStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
        void rejectsConfirmingUnlessPending(OrderStatus status) {
            order.given(historyIn(status))
                    .when(new ConfirmOrder(ORDER, at(9)))
                    .thenRejectedWith(new OrderNotPending(ORDER, status));
        }
    }

    @Nested
    class MarkingReadyToShip {
        @Test
        void marksAConfirmedOrderReadyToShip() {
            order.given(created(), confirmed())
                    .when(new MarkReadyToShip(ORDER, at(2)))
                    .thenEvents(new OrderReadyToShip(ORDER, CUSTOMER, at(2)));
        }

        @ParameterizedTest
        @EnumSource(value = OrderStatus.class, names = {"PENDING", "READY_TO_SHIP", "SHIPPED"})
        void rejectsMarkingReadyUnlessConfirmed(OrderStatus status) {
            order.given(historyIn(status))
                    .when(new MarkReadyToShip(ORDER, at(9)))
                    .thenRejectedWith(new OrderNotConfirmed(ORDER, status));
        }

        @Test
        void rejectsMarkingACancelledOrderReady() {
            order.given(created(), confirmed(), cancelled(OrderStatus.CONFIRMED))
                    .when(new MarkReadyToShip(ORDER, at(9)))
                    .thenRejectedWith(new OrderAlreadyCancelled(ORDER));
        }
    }

    @Nested
    class Paying {
        @Test
        void paysAConfirmedOrderForItsTotal() {
            order.given(created(), confirmed())
                    .when(new PayOrder(ORDER, "pay-1", at(3)))
                    .thenEvents(new OrderPaid(ORDER, CUSTOMER, "pay-1", TOTAL, at(3)))
                    .thenState(new Created(ORDER, CUSTOMER, OrderStatus.CONFIRMED, LINES, TOTAL, "pay-1", TOTAL, false));
        }

        @Test
        void paysAnOrderThatIsReadyToShip() {
            order.given(created(), confirmed(), readyToShip())
                    .when(new PayOrder(ORDER, "pay-1", at(3)))
                    .thenEvents(new OrderPaid(ORDER, CUSTOMER, "pay-1", TOTAL, at(3)));
        }

        @Test
        void paysTheCorrectedTotal() {
            order.given(created(), confirmed(), new OrderTotalCorrected(ORDER, CUSTOMER, TOTAL, money("4.00"), "voucher", at(2)))
                    .when(new PayOrder(ORDER, "pay-1", at(3)))
                    .thenEvents(new OrderPaid(ORDER, CUSTOMER, "pay-1", money("4.00"), at(3)));
        }

        @Test
        void rejectsPayingAPendingOrder() {
            order.given(created())
                    .when(new PayOrder(ORDER, "pay-1", at(3)))
                    .thenRejectedWith(new OrderNotPayable(ORDER, OrderStatus.PENDING));
        }

        @Test
        void rejectsASecondPayment() {
            order.given(created(), confirmed(), paid())
                    .when(new PayOrder(ORDER, "pay-2", at(4)))
                    .thenRejectedWith(new PaymentAlreadyRecorded(ORDER, "pay-1"));
        }

        @Test
        void rejectsASecondPaymentOnceReadyToShip() {
            order.given(created(), confirmed(), paid(), readyToShip())
                    .when(new PayOrder(ORDER, "pay-2", at(4)))
                    .thenRejectedWith(new PaymentAlreadyRecorded(ORDER, "pay-1"));
        }

        @Test
        void rejectsPayingAShippedOrderAgain() {
            order.given(historyIn(OrderStatus.SHIPPED))
                    .when(new PayOrder(ORDER, "pay-2", at(9)))
                    .thenRejectedWith(new PaymentAlreadyRecorded(ORDER, "pay-1"));
        }

        @Test
        void rejectsPayingACancelledOrder() {
            order.given(historyIn(OrderStatus.CANCELLED))
                    .when(new PayOrder(ORDER, "pay-1", at(9)))
                    .thenRejectedWith(new OrderAlreadyCancelled(ORDER));
        }

        @Test
        void rejectsAPaymentWithoutAPaymentId() {
            order.given(created(), confirmed())
                    .when(new PayOrder(ORDER, " ", at(3)))
                    .thenRejectedWith(new ValueRequired("paymentId"));
        }
    }

    @Nested
    class Shipping {
        @Test
        void shipsAPaidOrderThatIsReadyToShip() {
            order.given(created(), confirmed(), readyToShip(), paid())
                    .when(new ShipOrder(ORDER, "TRACK-1", "DHL", at(4)))
                    .thenEvents(new OrderShipped(ORDER, CUSTOMER, "TRACK-1", "DHL", at(4)))
                    .thenState(new Created(ORDER, CUSTOMER, OrderStatus.SHIPPED, LINES, TOTAL, "pay-1", TOTAL, false));
        }

        @Test
        void rejectsShippingAnUnpaidOrder() {
            order.given(created(), confirmed(), readyToShip())
                    .when(new ShipOrder(ORDER, "TRACK-1", "DHL", at(4)))
                    .thenRejectedWith(new OrderNotPaid(ORDER));
        }

        @Test
        void rejectsShippingAPaidOrderThatIsNotReadyToShip() {
            order.given(created(), confirmed(), paid())
                    .when(new ShipOrder(ORDER, "TRACK-1", "DHL", at(4)))
                    .thenRejectedWith(new OrderNotReadyToShip(ORDER, OrderStatus.CONFIRMED));
        }

        @Test
        void rejectsShippingAPendingOrder() {
            order.given(created())
                    .when(new ShipOrder(ORDER, "TRACK-1", "DHL", at(4)))
                    .thenRejectedWith(new OrderNotReadyToShip(ORDER, OrderStatus.PENDING));
        }

        @Test
        void rejectsShippingTwice() {
            order.given(historyIn(OrderStatus.SHIPPED))
                    .when(new ShipOrder(ORDER, "TRACK-2", "UPS", at(9)))
                    .thenRejectedWith(new OrderAlreadyShipped(ORDER));
        }

        @Test
        void rejectsShippingACancelledOrder() {
            order.given(created(), confirmed(), readyToShip(), paid(), cancelled(OrderStatus.READY_TO_SHIP))
                    .when(new ShipOrder(ORDER, "TRACK-1", "DHL", at(9)))
                    .thenRejectedWith(new OrderAlreadyCancelled(ORDER));
        }

        @Test
        void rejectsAShipmentWithoutTrackingNumberOrCarrier() {
            var ready = order.given(created(), confirmed(), readyToShip(), paid());
            ready.when(new ShipOrder(ORDER, "", "DHL", at(4))).thenRejectedWith(new ValueRequired("trackingNumber"));
            ready.when(new ShipOrder(ORDER, "TRACK-1", " ", at(4))).thenRejectedWith(new ValueRequired("carrier"));
        }
    }

    @Nested
    class Cancelling {
        @ParameterizedTest
        @EnumSource(value = OrderStatus.class, names = {"PENDING", "CONFIRMED", "READY_TO_SHIP"})
        void cancelsAnOrderThatHasNotShippedAndRecordsTheStatusItEnded(OrderStatus status) {
            order.given(historyIn(status))
                    .when(new CancelOrder(ORDER, "changed my mind", at(9)))
                    .thenEvents(new OrderCancelled(ORDER, CUSTOMER, "changed my mind", status, at(9)));
        }

        @Test
        void cancelsAPaidOrderAndKeepsThePaymentForTheRefund() {
            order.given(created(), confirmed(), paid())
                    .when(new CancelOrder(ORDER, "too slow", at(9)))
                    .thenEvents(new OrderCancelled(ORDER, CUSTOMER, "too slow", OrderStatus.CONFIRMED, at(9)))
                    .thenState(new Created(ORDER, CUSTOMER, OrderStatus.CANCELLED, LINES, TOTAL, "pay-1", TOTAL, false));
        }

        @Test
        void rejectsCancellingAShippedOrder() {
            order.given(historyIn(OrderStatus.SHIPPED))
                    .when(new CancelOrder(ORDER, "too late", at(9)))
                    .thenRejectedWith(new OrderAlreadyShipped(ORDER));
        }

        @Test
        void rejectsCancellingTwice() {
            order.given(historyIn(OrderStatus.CANCELLED))
                    .when(new CancelOrder(ORDER, "again", at(9)))
                    .thenRejectedWith(new OrderAlreadyCancelled(ORDER));
        }

        @Test
        void rejectsACancellationWithoutAReason() {
            order.given(created())
                    .when(new CancelOrder(ORDER, "  ", at(9)))
                    .thenRejectedWith(new ValueRequired("reason"));
        }
    }

    @Nested
    class Refunding {
        @Test
        void refundsWhatWasPaidForACancelledOrder() {
            order.given(created(), confirmed(), paid(), cancelled(OrderStatus.CONFIRMED))
                    .when(new RefundOrder(ORDER, "changed my mind", at(10)))
                    .thenEvents(new OrderRefunded(ORDER, CUSTOMER, TOTAL, "changed my mind", at(10)))
                    .thenState(new Created(ORDER, CUSTOMER, OrderStatus.CANCELLED, LINES, TOTAL, "pay-1", TOTAL, true));
        }

        @Test
        void rejectsRefundingAnUnpaidOrder() {
            order.given(historyIn(OrderStatus.CANCELLED))
                    .when(new RefundOrder(ORDER, "why", at(10)))
                    .thenRejectedWith(new OrderNotPaid(ORDER));
        }

        @Test
        void rejectsASecondRefund() {
            order.given(created(), confirmed(), paid(), cancelled(OrderStatus.CONFIRMED),
                            new OrderRefunded(ORDER, CUSTOMER, TOTAL, "changed my mind", at(10)))
                    .when(new RefundOrder(ORDER, "again", at(11)))
                    .thenRejectedWith(new RefundAlreadyRecorded(ORDER));
        }

        @Test
        void rejectsRefundingAnOrderThatIsNotCancelled() {
            order.given(created(), confirmed(), paid())
                    .when(new RefundOrder(ORDER, "why", at(10)))
                    .thenRejectedWith(new OrderNotCancelled(ORDER, OrderStatus.CONFIRMED));
        }
    }

    @Nested
    class CorrectingTheTotal {
        @Test
        void recordsThePreviousAndTheCorrectedTotalWithTheReasonAndLeavesOrderCreatedAlone() {
            OrderCreated original = created();
            order.given(original)
                    .when(new CorrectTotal(ORDER, money("4.99"), "price match", at(1)))
                    .thenEvents(new OrderTotalCorrected(ORDER, CUSTOMER, TOTAL, money("4.99"), "price match", at(1)))
                    .thenState(pending(LINES, money("4.99")));
            assertThat(original).isEqualTo(new OrderCreated(ORDER, CUSTOMER, LINES, TOTAL, T0));
        }

        @Test
        void correctsAShippedOrder() {
            order.given(historyIn(OrderStatus.SHIPPED))
                    .when(new CorrectTotal(ORDER, money("5.00"), "late discount", at(9)))
                    .thenEvents(new OrderTotalCorrected(ORDER, CUSTOMER, TOTAL, money("5.00"), "late discount", at(9)));
        }

        @Test
        void correctsACorrectionFromTheCorrectedTotal() {
            order.given(created(), new OrderTotalCorrected(ORDER, CUSTOMER, TOTAL, money("5.00"), "first", at(1)))
                    .when(new CorrectTotal(ORDER, money("6.00"), "second", at(2)))
                    .thenEvents(new OrderTotalCorrected(ORDER, CUSTOMER, money("5.00"), money("6.00"), "second", at(2)));
        }

        @Test
        void rejectsACorrectionThatChangesNothing() {
            order.given(created())
                    .when(new CorrectTotal(ORDER, TOTAL, "no-op", at(1)))
                    .thenRejectedWith(new TotalUnchanged(ORDER, TOTAL));
        }

        @Test
        void rejectsACorrectionWithoutAReason() {
            order.given(created())
                    .when(new CorrectTotal(ORDER, money("1.00"), "", at(1)))
                    .thenRejectedWith(new ValueRequired("reason"));
        }

        @Test
        void rejectsCorrectingACancelledOrder() {
            order.given(historyIn(OrderStatus.CANCELLED))
                    .when(new CorrectTotal(ORDER, money("1.00"), "why", at(9)))
                    .thenRejectedWith(new OrderAlreadyCancelled(ORDER));
        }
    }

    @Nested
    class UnknownOrder {
        static Stream<OrderCommand> everyCommandButCreate() {
            return Stream.of(
                    new AddItem(ORDER, line(PLUM, 1, "1.00"), T0),
                    new RemoveItem(ORDER, APPLE, T0),
                    new ConfirmOrder(ORDER, T0),
                    new PayOrder(ORDER, "pay-1", T0),
                    new ShipOrder(ORDER, "TRACK-1", "DHL", T0),
                    new CancelOrder(ORDER, "why", T0),
                    new CorrectTotal(ORDER, money("1.00"), "why", T0),
                    new MarkReadyToShip(ORDER, T0),
                    new RefundOrder(ORDER, "why", T0));
        }

        @ParameterizedTest
        @MethodSource("everyCommandButCreate")
        void rejectsEveryCommandButCreateForAnOrderThatDoesNotExist(OrderCommand command) {
            order.given().when(command).thenRejectedWith(new OrderNotFound(ORDER));
        }
    }

    @Nested
    class Terminal {
        private final OrderDecider decider = new OrderDecider();

        @Test
        void anUnpaidCancelledOrderIsTerminal() {
            assertThat(decider.isTerminal(order.given(historyIn(OrderStatus.CANCELLED)).state())).isTrue();
        }

        @Test
        void aPaidCancelledOrderIsNotTerminalUntilRefunded() {
            var cancelledPaid = order.given(created(), confirmed(), paid(), cancelled(OrderStatus.CONFIRMED));
            assertThat(decider.isTerminal(cancelledPaid.state())).isFalse();
            var refunded = order.given(created(), confirmed(), paid(), cancelled(OrderStatus.CONFIRMED),
                    new OrderRefunded(ORDER, CUSTOMER, TOTAL, "r", at(10)));
            assertThat(decider.isTerminal(refunded.state())).isTrue();
        }

        @ParameterizedTest
        @EnumSource(value = OrderStatus.class, names = "CANCELLED", mode = EnumSource.Mode.EXCLUDE)
        void anOrderThatIsNotCancelledIsNotTerminal(OrderStatus status) {
            assertThat(decider.isTerminal(order.given(historyIn(status)).state())).isFalse();
            assertThat(decider.isTerminal(decider.initialState())).isFalse();
        }
    }
}
