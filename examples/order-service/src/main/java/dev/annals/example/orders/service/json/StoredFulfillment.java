// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.json;

import dev.annals.example.orders.fulfillment.FulfillmentState;
import dev.annals.example.orders.order.ProductId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The stored shape of one fulfilment instance (its {@code toSend} is transient and not kept). */
record StoredFulfillment(FulfillmentState.Phase phase, Map<ProductId, Integer> requested, Set<ProductId> reserved,
                         Set<ProductId> rejected, Set<ProductId> releaseSent, Set<ProductId> released, boolean paid,
                         boolean refundSent) {

    static StoredFulfillment from(FulfillmentState state) {
        return new StoredFulfillment(state.phase(), state.requested(), state.reserved(), state.rejected(),
                state.releaseSent(), state.released(), state.isPaid(), state.isRefundSent());
    }

    FulfillmentState toState() {
        return new FulfillmentState(phase, requested, reserved, rejected, releaseSent, released, paid, refundSent, List.of());
    }
}
