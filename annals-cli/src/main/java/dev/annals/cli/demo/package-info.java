// SPDX-License-Identifier: Apache-2.0
/**
 * {@code annals demo}: the Order flow of API.md on the in-memory store, driven step by step in one
 * thread so the printed log reads the same on every run.
 */
@NullMarked
package dev.annals.cli.demo;

import org.jspecify.annotations.NullMarked;
