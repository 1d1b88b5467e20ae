// SPDX-License-Identifier: Apache-2.0
/**
 * Append-only segment files of the embedded store and the framing of the records inside them.
 * Knows bytes, offsets and checksums, not streams or versions; stream lookup lives in
 * {@code ..embedded.index}. Internal to the store: not an API.
 */
@NullMarked
package dev.annals.store.embedded.log;

import org.jspecify.annotations.NullMarked;
