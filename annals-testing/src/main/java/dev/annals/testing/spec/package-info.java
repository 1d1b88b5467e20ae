// SPDX-License-Identifier: Apache-2.0
/**
 * Given/when/then kits for pure domain code: {@link dev.annals.testing.spec.DeciderSpec},
 * {@link dev.annals.testing.spec.ViewSpec} and {@link dev.annals.testing.spec.ProcessManagerSpec}, plus
 * {@link dev.annals.testing.spec.InMemoryObjectCodec} for running a real command handler without a
 * serializer. Failed expectations throw {@link AssertionError}s that show expected and actual values.
 */
@NullMarked
package dev.annals.testing.spec;

import org.jspecify.annotations.NullMarked;
