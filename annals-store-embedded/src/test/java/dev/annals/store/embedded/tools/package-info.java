// SPDX-License-Identifier: Apache-2.0
/** Measuring tools for the embedded store, run by hand (mains, not tests). */
@NullMarked
package dev.annals.store.embedded.tools;

import org.jspecify.annotations.NullMarked;
