// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code annals bench} load driver: scenarios (append, load-stream, replay, live, command, http) that run
 * against a real store, warm up, repeat, and print one JSON result line. Timing lives here, never in
 * unit tests.
 */
@NullMarked
package dev.annals.benchmarks;

import org.jspecify.annotations.NullMarked;
