// SPDX-License-Identifier: Apache-2.0
/**
 * The checkpoint port: how far a named consumer (a projection, a process manager, a publisher) has
 * durably processed the global log.
 */
@NullMarked
package dev.annals.core.checkpoint;

import org.jspecify.annotations.NullMarked;
