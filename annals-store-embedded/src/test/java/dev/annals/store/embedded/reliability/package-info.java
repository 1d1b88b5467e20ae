// SPDX-License-Identifier: Apache-2.0
/**
 * Reliability tests of the embedded store: real crashes of a child JVM, torn tails and bit flips
 * on real segment files, injected I/O faults and a real full disk, all judged by one oracle
 * ({@link dev.annals.store.embedded.reliability.Ledger}) over what writers tried and what the
 * store acknowledged.
 */
@NullMarked
package dev.annals.store.embedded.reliability;

import org.jspecify.annotations.NullMarked;
