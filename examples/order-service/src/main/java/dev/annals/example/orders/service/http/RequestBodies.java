// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON bodies of the commands, read strictly (unknown fields, wrong JSON types and coercions
 * are 400s before these exist). Every component is nullable here so that a missing field becomes a
 * {@code missing_field} 400 naming it, checked in {@link OrderRoutes}; money arrives as a string.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    record CreateOrder(@Nullable String orderId, @Nullable String customerId, @Nullable List<Item> items) {}

    record Item(@Nullable String productId, @Nullable Integer quantity, @Nullable String unitPrice) {}

    record Pay(@Nullable String paymentId) {}

    record Ship(@Nullable String trackingNumber, @Nullable String carrier) {}

    record Cancel(@Nullable String reason) {}

    record CorrectTotal(@Nullable String correctedTotal, @Nullable String reason) {}

    record AddStock(@Nullable Integer quantity) {}
}
