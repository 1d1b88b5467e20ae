// SPDX-License-Identifier: Apache-2.0
/**
 * In-memory implementations of the event, snapshot and checkpoint ports: complete, thread-safe,
 * and held to the same contract suites as the durable stores. For tests, examples and the demo;
 * nothing survives the process.
 */
@NullMarked
package dev.annals.core.memory;

import org.jspecify.annotations.NullMarked;
