// SPDX-License-Identifier: Apache-2.0
/**
 * What every read model of the order domain shares: query outcomes and paging. The views themselves
 * live in one sub-package each, beside their queries; storage and the projection runtime live
 * elsewhere.
 */
@NullMarked
package dev.annals.example.orders.views;

import org.jspecify.annotations.NullMarked;
