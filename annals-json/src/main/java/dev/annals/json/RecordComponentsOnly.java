// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps a record's JSON to its components. Jackson also writes bean-style accessors a record may
 * declare ({@code isEmpty()}, {@code getTotal()}); those are derived values, and writing them would
 * put facts in the payload that no reader asked for. Runs once per record type when its serializer
 * is built.
 */
final class RecordComponentsOnly extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    private RecordComponentsOnly() {
    }

    static SimpleModule module() {
        var module = new SimpleModule("annals-record-components-only");
        module.setSerializerModifier(new RecordComponentsOnly());
        return module;
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                     List<BeanPropertyWriter> properties) {
        Class<?> type = description.getBeanClass();
        if (!type.isRecord()) {
            return properties;
        }
        Set<String> components = Stream.of(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        List<BeanPropertyWriter> kept = new ArrayList<>(properties.size());
        for (BeanPropertyWriter property : properties) {
            if (components.contains(property.getName())) {
                kept.add(property);
            }
        }
        return kept;
    }
}
