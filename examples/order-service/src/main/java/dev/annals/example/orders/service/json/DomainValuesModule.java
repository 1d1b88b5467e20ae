// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StreamVersion;
import dev.annals.example.orders.order.CustomerId;
import dev.annals.example.orders.order.Money;
import dev.annals.example.orders.order.OrderId;
import dev.annals.example.orders.order.ProductId;
import java.io.IOException;
import java.util.function.Function;

/**
 * Writes the domain's value types as JSON scalars: ids as strings ({@code "o-1"}), money as a
 * decimal string ({@code "19.99"}, never a float), versions and positions as numbers; ids are also
 * map keys. A value the type refuses (a malformed id, money with three decimals) fails decoding,
 * which the codecs report as a malformed payload.
 */
public final class DomainValuesModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public DomainValuesModule() {
        super("annals-order-values");
        text(OrderId.class, OrderId::value, OrderId::of);
        text(CustomerId.class, CustomerId::value, CustomerId::of);
        text(ProductId.class, ProductId::value, ProductId::of);
        text(Money.class, Money::toString, Money::of);
        number(StreamVersion.class, StreamVersion::value, StreamVersion::of);
        number(GlobalPosition.class, GlobalPosition::value, GlobalPosition::of);
        addKeyDeserializer(OrderId.class, key(OrderId::of));
        addKeyDeserializer(CustomerId.class, key(CustomerId::of));
        addKeyDeserializer(ProductId.class, key(ProductId::of));
        addKeySerializer(OrderId.class, keyWriter(OrderId::value));
        addKeySerializer(CustomerId.class, keyWriter(CustomerId::value));
        addKeySerializer(ProductId.class, keyWriter(ProductId::value));
    }

    private <T> void text(Class<T> type, Function<T, String> write, Function<String, T> read) {
        addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(write.apply(value));
            }
        });
        addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    return type.cast(context.handleUnexpectedToken(type, parser));
                }
                try {
                    return read.apply(parser.getText());
                } catch (IllegalArgumentException e) {
                    return type.cast(context.handleWeirdStringValue(type, parser.getText(), e.getMessage()));
                }
            }
        });
    }

    private <T> void number(Class<T> type, Function<T, Long> write, Function<Long, T> read) {
        addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeNumber(write.apply(value));
            }
        });
        addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    return type.cast(context.handleUnexpectedToken(type, parser));
                }
                try {
                    return read.apply(parser.getLongValue());
                } catch (IllegalArgumentException e) {
                    return type.cast(context.handleWeirdNumberValue(type, parser.getLongValue(), e.getMessage()));
                }
            }
        });
    }

    private static KeyDeserializer key(Function<String, ?> read) {
        return new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext context) throws IOException {
                try {
                    return read.apply(key);
                } catch (IllegalArgumentException e) {
                    return context.handleWeirdKey(Object.class, key, e.getMessage());
                }
            }
        };
    }

    private static <T> JsonSerializer<T> keyWriter(Function<T, String> write) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeFieldName(write.apply(value));
            }
        };
    }
}
