// SPDX-License-Identifier: Apache-2.0
/**
 * The port contract suites (TCK): abstract JUnit 5 classes, one sentence per clause of a port's
 * contract. Every store extends them, so every backend is held to the same sentences.
 */
@NullMarked
package dev.annals.testing.contract;

import org.jspecify.annotations.NullMarked;
