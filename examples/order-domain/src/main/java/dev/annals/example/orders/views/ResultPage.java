// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.views;

import java.util.List;

/** One page of a query's answer; {@code total} counts every match, not only this page's. */
public record ResultPage<T>(List<T> items, Page page, long total) {
    public ResultPage {
        items = List.copyOf(items);
    }
}
