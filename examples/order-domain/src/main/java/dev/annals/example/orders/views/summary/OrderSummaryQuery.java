// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.OrderStatus;
import dev.annals.example.orders.views.Page;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Questions the order summaries answer. Plain data: every backend translates them in one switch. */
public sealed interface OrderSummaryQuery {
    record ById(OrderId orderId) implements OrderSummaryQuery {}

    /**
     * Orders matching every given filter (a null filter matches everything), newest first: by
     * {@code createdAt} descending, then by order id for a stable order. Totals are inclusive bounds;
     * {@code createdFrom} is inclusive and {@code createdTo} exclusive.
     */
    record Search(@Nullable CustomerId customerId, @Nullable OrderStatus status, @Nullable Money minTotal,
                  @Nullable Money maxTotal, @Nullable Instant createdFrom, @Nullable Instant createdTo, Page page)
            implements OrderSummaryQuery {
        public Search {
            Objects.requireNonNull(page, "page");
        }

        /** Every order, first page. */
        public static Search all() {
            return new Search(null, null, null, null, null, null, Page.FIRST);
        }

        public Search withCustomer(@Nullable CustomerId value) {
            return new Search(value, status, minTotal, maxTotal, createdFrom, createdTo, page);
        }

        public Search withStatus(@Nullable OrderStatus value) {
            return new Search(customerId, value, minTotal, maxTotal, createdFrom, createdTo, page);
        }

        public Search withTotalBetween(@Nullable Money min, @Nullable Money max) {
            return new Search(customerId, status, min, max, createdFrom, createdTo, page);
        }

        public Search withCreatedBetween(@Nullable Instant from, @Nullable Instant to) {
            return new Search(customerId, status, minTotal, maxTotal, from, to, page);
        }

        public Search withPage(Page value) {
            return new Search(customerId, status, minTotal, maxTotal, createdFrom, createdTo, value);
        }
    }
}
