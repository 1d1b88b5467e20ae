// SPDX-License-Identifier: Apache-2.0
/**
 * Micrometer gauges for projection runners: checkpoint, head, lag, status and dead letters. The
 * runtime itself never depends on this package.
 */
@NullMarked
package dev.annals.projections.metrics;

import org.jspecify.annotations.NullMarked;
