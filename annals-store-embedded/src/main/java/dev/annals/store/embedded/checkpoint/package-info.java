// SPDX-License-Identifier: Apache-2.0
/**
 * Durable small files of the embedded store: atomic replacement (temp file, force, rename, force
 * directory) and the index checkpoint, a chain of delta files that lets open skip rescanning the
 * log. Everything here is a cache of the log or a consumer position, never the log itself.
 */
@NullMarked
package dev.annals.store.embedded.checkpoint;

import org.jspecify.annotations.NullMarked;
