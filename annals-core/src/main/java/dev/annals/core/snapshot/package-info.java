// SPDX-License-Identifier: Apache-2.0
/**
 * The snapshot port: a cached state of one stream at a version, an optimisation of loading and
 * never a read model. A snapshot whose state schema version differs from the current one is ignored.
 */
@NullMarked
package dev.annals.core.snapshot;

import org.jspecify.annotations.NullMarked;
