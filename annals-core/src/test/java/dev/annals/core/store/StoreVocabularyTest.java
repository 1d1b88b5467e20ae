// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreVocabularyTest {
    @Test
    void theCategoryIsThePartBeforeTheFirstDash() {
        assertThat(StreamId.of("Order-123").category()).isEqualTo("Order");
        assertThat(StreamId.of("Order-12-3").category()).isEqualTo("Order");
        assertThat(StreamId.of("Order").category()).isEqualTo("Order");
        assertThat(StreamId.of("Inventory", "sku-1")).isEqualTo(StreamId.of("Inventory-sku-1"));
    }

    @Test
    void refusesStreamIdsThatAreEmptyTooLongOrHoldOtherCharacters() {
        assertThatThrownBy(() -> StreamId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamId.of("$all")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamId.of("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamId.of("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
        assertThat(StreamId.isValid("Order-a_b.c:d@e+f")).isTrue();
    }

    @Test
    void versionsAndPositionsAreNeverNegative() {
        assertThatThrownBy(() -> StreamVersion.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GlobalPosition.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expectedVersionsJudgeTheCurrentVersion() {
        StreamVersion two = StreamVersion.of(2);

        assertThat(ExpectedVersion.ANY.isMetBy(null)).isTrue();
        assertThat(ExpectedVersion.ANY.isMetBy(two)).isTrue();
        assertThat(ExpectedVersion.NO_STREAM.isMetBy(null)).isTrue();
        assertThat(ExpectedVersion.NO_STREAM.isMetBy(two)).isFalse();
        assertThat(ExpectedVersion.STREAM_EXISTS.isMetBy(null)).isFalse();
        assertThat(ExpectedVersion.STREAM_EXISTS.isMetBy(two)).isTrue();
        assertThat(ExpectedVersion.exact(2).isMetBy(two)).isTrue();
        assertThat(ExpectedVersion.exact(1).isMetBy(two)).isFalse();
        assertThat(ExpectedVersion.exact(0).isMetBy(null)).isFalse();
        assertThat(ExpectedVersion.from(null)).isEqualTo(ExpectedVersion.NO_STREAM);
        assertThat(ExpectedVersion.from(two)).isEqualTo(ExpectedVersion.exact(2));
    }
}
