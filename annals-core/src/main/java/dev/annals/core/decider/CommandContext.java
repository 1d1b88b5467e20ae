// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.decider;

import dev.annals.core.event.EventIds;
import dev.annals.core.store.ExpectedVersion;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything about a command that is not the command itself: its id, who sent it, the
 * conversation it belongs to, an optional expected version ({@code If-Match}) and an optional
 * idempotency key.
 *
 * <p>Events the command records carry correlationId = {@code correlationId} (or the command id when
 * absent) and causationId = {@code causationId} (or the command id when absent; a process manager
 * sets it to the event that caused the command).
 */
public record CommandContext(
        UUID commandId,
        @Nullable String correlationId,
        @Nullable String causationId,
        @Nullable String userId,
        @Nullable String tenant,
        @Nullable ExpectedVersion expectedVersion,
        @Nullable IdempotencyKey idempotencyKey,
        Map<String, String> entries) {

    public CommandContext {
        entries = Map.copyOf(entries);
    }

    public static CommandContext create() {
        return new CommandContext(EventIds.newId(), null, null, null, null, null, null, Map.of());
    }

    public CommandContext withCorrelationId(@Nullable String value) {
        return new CommandContext(commandId, value, causationId, userId, tenant, expectedVersion, idempotencyKey, entries);
    }

    public CommandContext withCausationId(@Nullable String value) {
        return new CommandContext(commandId, correlationId, value, userId, tenant, expectedVersion, idempotencyKey, entries);
    }

    public CommandContext withUserId(@Nullable String value) {
        return new CommandContext(commandId, correlationId, causationId, value, tenant, expectedVersion, idempotencyKey, entries);
    }

    public CommandContext withTenant(@Nullable String value) {
        return new CommandContext(commandId, correlationId, causationId, userId, value, expectedVersion, idempotencyKey, entries);
    }

    public CommandContext withExpectedVersion(@Nullable ExpectedVersion value) {
        return new CommandContext(commandId, correlationId, causationId, userId, tenant, value, idempotencyKey, entries);
    }

    public CommandContext withIdempotencyKey(@Nullable IdempotencyKey value) {
        return new CommandContext(commandId, correlationId, causationId, userId, tenant, expectedVersion, value, entries);
    }

    public CommandContext withEntries(Map<String, String> value) {
        return new CommandContext(commandId, correlationId, causationId, userId, tenant, expectedVersion, idempotencyKey, value);
    }
}
