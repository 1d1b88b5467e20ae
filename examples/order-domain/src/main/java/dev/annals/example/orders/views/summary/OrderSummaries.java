// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views.summary;

import dev.annals.example.orders.views.QueryResult;
import dev.annals.example.orders.views.ResultPage;

/**
 * Port: the order summary read model. {@link OrderSummaryQuery.ById} answers a page of one item, or
 * {@link QueryResult.NotFound}; {@link OrderSummaryQuery.Search} always answers a page (maybe empty).
 */
public interface OrderSummaries {
    QueryResult<ResultPage<OrderSummary>> find(OrderSummaryQuery query);
}
