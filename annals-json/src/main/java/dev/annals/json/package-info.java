// SPDX-License-Identifier: Apache-2.0
/**
 * JSON payloads on Jackson: the explicit, versioned {@link dev.annals.json.EventTypes} registry, the
 * {@link dev.annals.json.JacksonEventCodec} (upcasting, typed decode outcomes), snapshot state codecs,
 * and the one shared mapper configuration. No wire name is ever derived from a class name.
 */
@NullMarked
package dev.annals.json;

import org.jspecify.annotations.NullMarked;
