// SPDX-License-Identifier: Apache-2.0
/** Contract, restart and unit tests of the embedded store. */
@NullMarked
package dev.annals.store.embedded;

import org.jspecify.annotations.NullMarked;
