// SPDX-License-Identifier: Apache-2.0
/**
 * The order service's HTTP surface: the route table of commands, queries and temporal queries
 * ({@link dev.annals.example.orders.service.http.OrderRoutes}), request bodies and their checks,
 * and the one place that turns domain outcomes and read models into JSON answers
 * ({@link dev.annals.example.orders.service.http.OrderResponses}).
 */
@NullMarked
package dev.annals.example.orders.service.http;

import org.jspecify.annotations.NullMarked;
