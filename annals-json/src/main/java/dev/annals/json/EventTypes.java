// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import dev.annals.core.event.EventData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The explicit table of one boundary's event types: each Java class has a stable wire type name
 * and its current schema version ({@code orders.OrderCreated} at version 1, wire name
 * {@code orders.OrderCreated.v1}). Names are never derived from class names, so renaming or moving a
 * class never changes what is stored.
 *
 * <p>{@link Builder#build()} fails on a class or a type name registered twice, and, when the base
 * type is sealed, on a concrete permitted subtype that has no registration: a new event without a
 * wire name fails when the registry is built, not when the first such event is written.
 * Immutable and thread-safe once built.
 *
 * @param <E> the boundary's event base type
 */
public final class EventTypes<E> {
    private final Class<E> baseType;
    private final List<EventType<? extends E>> all;
    private final Map<Class<?>, EventType<? extends E>> byClass;
    private final Map<String, EventType<? extends E>> byName;

    private EventTypes(Class<E> baseType, List<EventType<? extends E>> all) {
        this.baseType = baseType;
        this.all = List.copyOf(all);
        Map<Class<?>, EventType<? extends E>> classes = new HashMap<>();
        Map<String, EventType<? extends E>> names = new HashMap<>();
        for (EventType<? extends E> type : all) {
            classes.put(type.javaType(), type);
            names.put(type.name(), type);
        }
        this.byClass = Map.copyOf(classes);
        this.byName = Map.copyOf(names);
    }

    public static <E> Builder<E> builder(Class<E> baseType) {
        return new Builder<>(baseType);
    }

    /** One registered event type: its Java class, wire type name and current schema version. */
    public record EventType<T>(Class<T> javaType, String name, int version) {
        public EventType {
            Objects.requireNonNull(javaType, "javaType");
            if (name == null || name.isBlank() || name.length() > EventData.MAX_TYPE_LENGTH) {
                throw new IllegalArgumentException("event type name must be 1.." + EventData.MAX_TYPE_LENGTH
                        + " characters: '" + name + "'");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("event type name must be printable ASCII without spaces: '" + name + "'");
                }
            }
            if (version < 1) {
                throw new IllegalArgumentException("schema version must be >= 1: " + name + " v" + version);
            }
        }

        /** The versioned wire name, e.g. {@code orders.OrderCreated.v1}. */
        public String wireName() {
            return name + ".v" + version;
        }
    }

    public Class<E> baseType() {
        return baseType;
    }

    /** Every registration, in registration order. */
    public List<EventType<? extends E>> all() {
        return all;
    }

    /** The registration of this exact class, or null when the class has none. */
    public @Nullable EventType<? extends E> forClass(Class<?> javaType) {
        return byClass.get(javaType);
    }

    /** The registration of an event's class; an unregistered class is a programming error. */
    public EventType<? extends E> of(E event) {
        EventType<? extends E> type = byClass.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " has no wire name in the "
                    + baseType.getSimpleName() + " event types");
        }
        return type;
    }

    /** The registration of a wire type name (without the version suffix), or null. */
    public @Nullable EventType<? extends E> forName(String name) {
        return byName.get(name);
    }

    /** Whether the type name is registered (at any schema version). */
    public boolean knows(String name) {
        return byName.containsKey(name);
    }

    /** The versioned wire name of a registered class. */
    public String wireName(Class<? extends E> javaType) {
        EventType<? extends E> type = byClass.get(javaType);
        if (type == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not registered");
        }
        return type.wireName();
    }

    /** Collects registrations; {@link #build()} checks them. */
    public static final class Builder<E> {
        private final Class<E> baseType;
        private final List<EventType<? extends E>> registered = new ArrayList<>();

        private Builder(Class<E> baseType) {
            this.baseType = Objects.requireNonNull(baseType, "baseType");
        }

        /** Registers {@code javaType} under the wire type {@code name} at its current schema {@code version}. */
        public <T extends E> Builder<E> register(Class<T> javaType, String name, int version) {
            if (!baseType.isAssignableFrom(javaType)) {
                throw new IllegalArgumentException(javaType.getName() + " is not a " + baseType.getName());
            }
            if (!SealedHierarchy.isConcrete(javaType)) {
                throw new IllegalArgumentException(javaType.getName() + " is not a concrete event type");
            }
            registered.add(new EventType<>(javaType, name, version));
            return this;
        }

        /**
         * The registry. Fails with {@link IllegalStateException} listing every problem: a class or
         * name registered twice, or a concrete subtype of a sealed base type left unregistered.
         */
        public EventTypes<E> build() {
            List<String> problems = new ArrayList<>();
            Map<Class<?>, EventType<? extends E>> classes = new LinkedHashMap<>();
            Map<String, EventType<? extends E>> names = new LinkedHashMap<>();
            for (EventType<? extends E> type : registered) {
                EventType<? extends E> sameClass = classes.putIfAbsent(type.javaType(), type);
                if (sameClass != null) {
                    problems.add(type.javaType().getName() + " is registered twice (" + sameClass.wireName()
                            + ", " + type.wireName() + ")");
                }
                EventType<? extends E> sameName = names.putIfAbsent(type.name(), type);
                if (sameName != null) {
                    problems.add("type name " + type.name() + " is registered for both "
                            + sameName.javaType().getName() + " and " + type.javaType().getName());
                }
            }
            for (Class<?> leaf : SealedHierarchy.concreteLeaves(baseType)) {
                if (!classes.containsKey(leaf)) {
                    problems.add(leaf.getName() + " has no wire name");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("invalid " + baseType.getSimpleName() + " event types: "
                        + String.join("; ", problems));
            }
            return new EventTypes<>(baseType, Collections.unmodifiableList(new ArrayList<>(classes.values())));
        }
    }
}
