// SPDX-License-Identifier: Apache-2.0
/**
 * The read side of the order service as wiring: the projections of the order-domain views on the
 * projections runtime, the fulfilment process manager, where their states live (files under the
 * data directory, or memory), rebuilds, dead letters and read-your-writes waits.
 */
@NullMarked
package dev.annals.example.orders.service.readmodels;

import org.jspecify.annotations.NullMarked;
