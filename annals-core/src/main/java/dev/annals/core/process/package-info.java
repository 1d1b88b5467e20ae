// SPDX-License-Identifier: Apache-2.0
/**
 * The process-manager shape: a pure fold of the messages one workflow instance hears, and the
 * commands it sends in answer. Its runner (durable state, at-most-once effects, deadlines) lives in
 * annals-projections.
 */
@NullMarked
package dev.annals.core.process;

import org.jspecify.annotations.NullMarked;
