// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.event;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Who and what caused an event: correlation id (the conversation), causation id (the command or
 * event that directly caused it), user, tenant, and free-form string entries.
 *
 * <p>Entry names starting with {@code $} are reserved for Annals: {@link #IDEMPOTENCY_KEY} and
 * {@link #REQUEST_HASH} on the first event of an append record a command idempotency key, and stores
 * index them so that a retried command can find its original outcome.
 */
public record Metadata(
        @Nullable String correlationId,
        @Nullable String causationId,
        @Nullable String userId,
        @Nullable String tenant,
        Map<String, String> entries) {

    public static final String IDEMPOTENCY_KEY = "$idempotencyKey";
    public static final String REQUEST_HASH = "$requestHash";
    public static final Metadata EMPTY = new Metadata(null, null, null, null, Map.of());

    public Metadata {
        Objects.requireNonNull(entries, "entries");
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public Metadata withCorrelationId(@Nullable String value) {
        return new Metadata(value, causationId, userId, tenant, entries);
    }

    public Metadata withCausationId(@Nullable String value) {
        return new Metadata(correlationId, value, userId, tenant, entries);
    }

    public Metadata withUserId(@Nullable String value) {
        return new Metadata(correlationId, causationId, value, tenant, entries);
    }

    public Metadata withTenant(@Nullable String value) {
        return new Metadata(correlationId, causationId, userId, value, entries);
    }

    public Metadata withEntry(String name, String value) {
        var copy = new TreeMap<>(entries);
        copy.put(name, value);
        return new Metadata(correlationId, causationId, userId, tenant, copy);
    }

    public @Nullable String entry(String name) {
        return entries.get(name);
    }

    public @Nullable String idempotencyKey() {
        return entries.get(IDEMPOTENCY_KEY);
    }
}
