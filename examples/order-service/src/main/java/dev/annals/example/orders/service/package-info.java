// SPDX-License-Identifier: Apache-2.0
/**
 * The reference Order Management service as hand wiring: store selection, command handlers, read
 * models, the fulfilment process and the HTTP server, started by {@link
 * dev.annals.example.orders.service.OrderServiceMain}. No business rule lives here.
 */
@NullMarked
package dev.annals.example.orders.service;

import org.jspecify.annotations.NullMarked;
