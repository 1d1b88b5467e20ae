// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.fulfillment;

import static dev.annals.example.orders.order.OrderFixtures.APPLE;
import static dev.annals.example.orders.order.OrderFixtures.LINES;
import static dev.annals.example.orders.order.OrderFixtures.ORDER;
import static dev.annals.example.orders.order.OrderFixtures.PEAR;
import static dev.annals.example.orders.order.OrderFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.example.orders.fulfillment.FulfillmentCommand.ToInventory;
import dev.annals.example.orders.fulfillment.FulfillmentCommand.ToOrder;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderCancelled;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderConfirmed;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderPaid;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.OrderShipped;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.ReservationRejected;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.StockReleased;
import dev.annals.example.orders.fulfillment.FulfillmentMessage.StockReserved;
import dev.annals.example.orders.inventory.InventoryCommand.ReleaseStock;
import dev.annals.example.orders.inventory.InventoryCommand.ReserveStock;
import dev.annals.example.orders.inventory.InventoryError.InsufficientStock;
import dev.annals.example.orders.inventory.InventoryEvent;
import dev.annals.example.orders.order.OrderCommand.CancelOrder;
import dev.annals.example.orders.order.OrderCommand.MarkReadyToShip;
import dev.annals.example.orders.order.OrderCommand.RefundOrder;
import dev.annals.example.orders.order.OrderFixtures;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.testing.spec.ProcessManagerSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** OrderFulfillment: reserve on confirmation, ready when all are reserved, compensate, release, refund, never twice. */
class OrderFulfillmentTest {
    private final OrderFulfillment process = new OrderFulfillment();
    private final ProcessManagerSpec<FulfillmentState, FulfillmentMessage, FulfillmentCommand> fulfillment =
            ProcessManagerSpec.of(process);

    private static final OrderConfirmed CONFIRMED = new OrderConfirmed(ORDER, LINES, at(1));
    private static final StockReserved APPLE_RESERVED = new StockReserved(ORDER, APPLE, 2, at(2));
    private static final StockReserved PEAR_RESERVED = new StockReserved(ORDER, PEAR, 1, at(3));
    private static final ReservationRejected PEAR_REJECTED =
            new ReservationRejected(ORDER, PEAR, OrderFulfillment.INSUFFICIENT_STOCK, at(3));
    private static final OrderPaid PAID = new OrderPaid(ORDER, at(4));

    private static ToInventory release(dev.annals.example.orders.order.ProductId product, int minute) {
        return new ToInventory(new ReleaseStock(product, ORDER, at(minute)));
    }

    @Nested
    class SuccessPath {
        @Test
        void reservesStockForEveryItemWhenTheOrderIsConfirmed() {
            fulfillment.given()
                    .when(CONFIRMED)
                    .thenCommands(new ToInventory(new ReserveStock(APPLE, ORDER, 2, at(1))),
                            new ToInventory(new ReserveStock(PEAR, ORDER, 1, at(1))));
        }

        @Test
        void waitsWhileAReservationIsOutstanding() {
            fulfillment.given(CONFIRMED).when(APPLE_RESERVED).thenNoCommands();
        }

        @Test
        void marksTheOrderReadyToShipWhenEveryReservationSucceeded() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED)
                    .when(PEAR_RESERVED)
                    .thenCommands(new ToOrder(new MarkReadyToShip(ORDER, at(3))));
        }

        @Test
        void isFinishedOnceTheOrderShipped() {
            var shipped = fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED, PAID)
                    .when(new OrderShipped(ORDER, at(5)))
                    .thenNoCommands();
            assertThat(process.isFinished(shipped.state())).isTrue();
        }

        @Test
        void isNotFinishedWhileTheOrderWaitsForShipment() {
            assertThat(process.isFinished(fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED).state())).isFalse();
        }

        @Test
        void theInstanceIsTheOrder() {
            assertThat(process.instanceId(CONFIRMED)).isEqualTo(ORDER.value());
            assertThat(process.instanceId(PEAR_REJECTED)).isEqualTo(ORDER.value());
        }
    }

    @Nested
    class CompensationPath {
        @Test
        void releasesWhatWasReservedAndCancelsTheOrderWhenAReservationFails() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED)
                    .when(PEAR_REJECTED)
                    .thenCommands(release(APPLE, 3), new ToOrder(new CancelOrder(ORDER, "insufficient_stock", at(3))));
        }

        @Test
        void cancelsWithNothingToReleaseWhenTheFirstAnswerIsARejection() {
            fulfillment.given(CONFIRMED)
                    .when(PEAR_REJECTED)
                    .thenCommands(new ToOrder(new CancelOrder(ORDER, "insufficient_stock", at(3))));
        }

        @Test
        void releasesAReservationThatSucceedsAfterTheCompensationStarted() {
            fulfillment.given(CONFIRMED, PEAR_REJECTED)
                    .when(APPLE_RESERVED)
                    .thenCommands(release(APPLE, 2));
        }

        @Test
        void doesNotMarkTheOrderReadyAfterARejection() {
            var compensating = fulfillment.given(CONFIRMED, PEAR_REJECTED, APPLE_RESERVED);
            assertThat(compensating.state().phase()).isEqualTo(FulfillmentState.Phase.COMPENSATING);
            compensating.when(new StockReserved(ORDER, PEAR, 1, at(6))).thenCommands(release(PEAR, 6));
        }

        @Test
        void hearsItsOwnCancellationWithoutSendingAnythingMore() {
            var cancelled = fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_REJECTED)
                    .when(new OrderCancelled(ORDER, "insufficient_stock", at(4)))
                    .thenNoCommands();
            assertThat(process.isFinished(cancelled.state())).isTrue();
        }

        @Test
        void refundsAPaidOrderCancelledForInsufficientStock() {
            fulfillment.given(CONFIRMED, PAID, APPLE_RESERVED, PEAR_REJECTED)
                    .when(new OrderCancelled(ORDER, "insufficient_stock", at(5)))
                    .thenCommands(new ToOrder(new RefundOrder(ORDER, "insufficient_stock", at(5))));
        }

        @Test
        void makesTheRejectionMessageFromTheRejectedCommand() {
            var reserve = new ReserveStock(PEAR, ORDER, 1, at(3));
            assertThat(FulfillmentMessage.reservationRejected(reserve, new InsufficientStock(PEAR, 1, 0))).isEqualTo(PEAR_REJECTED);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void releasesReservedStockWhenAReservedOrderIsCancelled() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED)
                    .when(new OrderCancelled(ORDER, "changed my mind", at(5)))
                    .thenCommands(release(APPLE, 5), release(PEAR, 5));
        }

        @Test
        void releasesWhatIsReservedSoFarWhenCancelledWhileReserving() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED)
                    .when(new OrderCancelled(ORDER, "changed my mind", at(5)))
                    .thenCommands(release(APPLE, 5));
        }

        @Test
        void releasesAReservationThatArrivesAfterTheCancellation() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED, new OrderCancelled(ORDER, "changed my mind", at(5)))
                    .when(new StockReserved(ORDER, PEAR, 1, at(6)))
                    .thenCommands(release(PEAR, 6));
        }

        @Test
        void refundsAPaidOrderWhenItIsCancelled() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED, PAID)
                    .when(new OrderCancelled(ORDER, "changed my mind", at(5)))
                    .thenCommands(release(APPLE, 5), release(PEAR, 5),
                            new ToOrder(new RefundOrder(ORDER, "changed my mind", at(5))));
        }

        @Test
        void sendsNothingWhenAnUnconfirmedUnpaidOrderIsCancelled() {
            var cancelled = fulfillment.given()
                    .when(new OrderCancelled(ORDER, "changed my mind", at(5)))
                    .thenNoCommands();
            assertThat(process.isFinished(cancelled.state())).isTrue();
        }

        @Test
        void isNotFinishedUntilEveryOutstandingReservationIsAnswered() {
            var cancelled = fulfillment.given(CONFIRMED, APPLE_RESERVED, new OrderCancelled(ORDER, "changed my mind", at(5)));
            assertThat(process.isFinished(cancelled.state())).isFalse();
            var answered = fulfillment.given(CONFIRMED, APPLE_RESERVED, new OrderCancelled(ORDER, "changed my mind", at(5)),
                    new StockReserved(ORDER, PEAR, 1, at(6)));
            assertThat(process.isFinished(answered.state())).isTrue();
        }

        @Test
        void remembersReleasedStock() {
            var released = fulfillment.given(CONFIRMED, APPLE_RESERVED, new OrderCancelled(ORDER, "x", at(5)))
                    .when(new StockReleased(ORDER, APPLE, 2, at(6)))
                    .thenNoCommands();
            assertThat(released.state().released()).containsExactly(APPLE);
        }
    }

    @Nested
    class DuplicateDelivery {
        @Test
        void aRepeatedConfirmationReservesNothingAgain() {
            fulfillment.given(CONFIRMED).when(CONFIRMED).thenNoCommands();
        }

        @Test
        void aRepeatedLastReservationDoesNotMarkTheOrderReadyTwice() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED).when(PEAR_RESERVED).thenNoCommands();
        }

        @Test
        void aRepeatedRejectionDoesNotCompensateTwice() {
            fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_REJECTED).when(PEAR_REJECTED).thenNoCommands();
        }

        @Test
        void aRepeatedCancellationReleasesAndRefundsNothingAgain() {
            var cancelled = new OrderCancelled(ORDER, "changed my mind", at(5));
            fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED, PAID, cancelled).when(cancelled).thenNoCommands();
        }

        @Test
        void aRepeatedPaymentAfterTheRefundRefundsNothingAgain() {
            var cancelled = new OrderCancelled(ORDER, "changed my mind", at(5));
            fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_RESERVED, PAID, cancelled).when(PAID).thenNoCommands();
        }

        @Test
        void aRepeatedLateReservationIsReleasedOnce() {
            var late = new StockReserved(ORDER, PEAR, 1, at(6));
            fulfillment.given(CONFIRMED, APPLE_RESERVED, new OrderCancelled(ORDER, "x", at(5)), late).when(late).thenNoCommands();
        }

        @Test
        void replayingTheSameMessagesRebuildsTheSameState() {
            var first = fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_REJECTED).state();
            var again = fulfillment.given(CONFIRMED, APPLE_RESERVED, PEAR_REJECTED).state();
            assertThat(again).isEqualTo(first);
        }
    }

    @Nested
    class Messages {
        @Test
        void translatesTheOrderEventsTheProcessFollows() {
            assertThat(FulfillmentMessage.from(OrderFixtures.confirmed())).contains(CONFIRMED);
            assertThat(FulfillmentMessage.from(OrderFixtures.paid())).contains(new OrderPaid(ORDER, at(3)));
            assertThat(FulfillmentMessage.from(OrderFixtures.shipped())).contains(new OrderShipped(ORDER, at(4)));
            assertThat(FulfillmentMessage.from(OrderFixtures.cancelled(OrderStatus.CONFIRMED)))
                    .contains(new OrderCancelled(ORDER, "changed my mind", at(5)));
            assertThat(FulfillmentMessage.from(OrderFixtures.created())).isEmpty();
            assertThat(FulfillmentMessage.from(OrderFixtures.readyToShip())).isEmpty();
        }

        @Test
        void translatesTheInventoryEventsTheProcessFollows() {
            assertThat(FulfillmentMessage.from(new InventoryEvent.StockReserved(APPLE, ORDER, 2, at(2)))).contains(APPLE_RESERVED);
            assertThat(FulfillmentMessage.from(new InventoryEvent.StockReleased(APPLE, ORDER, 2, at(2))))
                    .contains(new StockReleased(ORDER, APPLE, 2, at(2)));
            assertThat(FulfillmentMessage.from(new InventoryEvent.StockAdded(APPLE, 5, at(2)))).isEmpty();
            assertThat(FulfillmentMessage.from(new InventoryEvent.StockDepleted(APPLE, at(2)))).isEmpty();
        }
    }
}
