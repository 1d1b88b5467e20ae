// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.annals.core.decider.StateCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateCodec} for snapshots on Jackson. Two shapes:
 * <ul>
 *   <li>{@link #of}: the state is one record type, written as its JSON object;</li>
 *   <li>{@link #sealed}: the state is a sealed family of records, written as
 *       {@code {"variant": "<name>", "state": {…}}} with an explicit name per variant (never a class
 *       name), so a state class can be renamed without invalidating snapshots.</li>
 * </ul>
 * Bytes that cannot be read decode to empty, and the snapshot is ignored. Bump the schema version
 * whenever the state's shape changes. Thread-safe.
 */
public final class JacksonStateCodec<S> implements StateCodec<S> {
    private static final String VARIANT = "variant";
    private static final String STATE = "state";

    private final int schemaVersion;
    private final ObjectMapper mapper;
    private final Map<Class<?>, Variant> byClass;
    private final Map<String, Variant> byName;
    private final boolean isTagged;

    private record Variant(String name, ObjectWriter writer, ObjectReader reader) {}

    private JacksonStateCodec(int schemaVersion, ObjectMapper mapper, Map<Class<?>, String> variants, boolean isTagged) {
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version must be >= 1: " + schemaVersion);
        }
        this.schemaVersion = schemaVersion;
        this.mapper = mapper;
        this.isTagged = isTagged;
        Map<Class<?>, Variant> classes = new HashMap<>();
        Map<String, Variant> names = new HashMap<>();
        variants.forEach((type, name) -> {
            var variant = new Variant(name, mapper.writerFor(type), mapper.readerFor(type));
            classes.put(type, variant);
            names.put(name, variant);
        });
        this.byClass = Map.copyOf(classes);
        this.byName = Map.copyOf(names);
    }

    /** A codec for a state that is one record (or other concrete) type. */
    public static <S> JacksonStateCodec<S> of(Class<S> stateType, int schemaVersion, ObjectMapper mapper) {
        if (!SealedHierarchy.isConcrete(stateType)) {
            throw new IllegalArgumentException(stateType.getName() + " is not concrete; use sealed(...)");
        }
        return new JacksonStateCodec<>(schemaVersion, mapper, Map.of(stateType, stateType.getSimpleName()), false);
    }

    /** A builder for a state that is a sealed family of variants, each registered with a stable name. */
    public static <S> SealedBuilder<S> sealed(Class<S> baseType, int schemaVersion, ObjectMapper mapper) {
        return new SealedBuilder<>(baseType, schemaVersion, mapper);
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public byte[] encode(S state) {
        Variant variant = byClass.get(state.getClass());
        if (variant == null) {
            throw new IllegalArgumentException(state.getClass().getName() + " is not a registered state variant");
        }
        try {
            if (!isTagged) {
                return variant.writer().writeValueAsBytes(state);
            }
            var out = new ByteArrayOutputStream(128);
            try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringField(VARIANT, variant.name());
                generator.writeFieldName(STATE);
                variant.writer().writeValue(generator, state);
                generator.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state " + variant.name() + " as JSON", e);
        }
    }

    @Override
    public Optional<S> decode(byte[] bytes) {
        try {
            if (!isTagged) {
                Variant only = byName.values().iterator().next();
                return Optional.ofNullable(only.reader().readValue(bytes));
            }
            JsonNode tree = mapper.readTree(bytes);
            if (tree == null || !tree.path(VARIANT).isTextual() || !tree.has(STATE)) {
                return Optional.empty();
            }
            Variant variant = byName.get(tree.get(VARIANT).asText());
            if (variant == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(variant.reader().readValue(tree.get(STATE)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Collects the variants of a sealed state; {@link #build()} requires every concrete one. */
    public static final class SealedBuilder<S> {
        private final Class<S> baseType;
        private final int schemaVersion;
        private final ObjectMapper mapper;
        private final List<Map.Entry<Class<?>, String>> variants = new ArrayList<>();

        private SealedBuilder(Class<S> baseType, int schemaVersion, ObjectMapper mapper) {
            this.baseType = Objects.requireNonNull(baseType);
            this.schemaVersion = schemaVersion;
            this.mapper = Objects.requireNonNull(mapper);
        }

        public <T extends S> SealedBuilder<S> variant(Class<T> type, String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("variant name must not be blank");
            }
            variants.add(Map.entry(type, name));
            return this;
        }

        public JacksonStateCodec<S> build() {
            List<String> problems = new ArrayList<>();
            Map<Class<?>, String> byClass = new LinkedHashMap<>();
            Map<String, Class<?>> byName = new HashMap<>();
            for (var entry : variants) {
                if (byClass.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
                    problems.add(entry.getKey().getName() + " is registered twice");
                }
                if (byName.putIfAbsent(entry.getValue(), entry.getKey()) != null) {
                    problems.add("variant name " + entry.getValue() + " is registered twice");
                }
            }
            for (Class<?> leaf : SealedHierarchy.concreteLeaves(baseType)) {
                if (!byClass.containsKey(leaf)) {
                    problems.add(leaf.getName() + " has no variant name");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("invalid " + baseType.getSimpleName() + " state variants: "
                        + String.join("; ", problems));
            }
            return new JacksonStateCodec<>(schemaVersion, mapper, byClass, true);
        }
    }
}
