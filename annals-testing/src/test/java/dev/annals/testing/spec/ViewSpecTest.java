// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.testing.spec.Counter.Event;
import dev.annals.testing.spec.Counter.Event.Incremented;
import dev.annals.testing.spec.Counter.Event.Noted;
import org.junit.jupiter.api.Test;

class ViewSpecTest {
    private final ViewSpec<Integer, Event> total = ViewSpec.of(new Counter.TotalView());

    @Test
    void foldsTheGivenEvents() {
        total.given(new Incremented(1), new Noted("x"), new Incremented(2)).thenState(3);
    }

    @Test
    void failsWhenTheFoldedStateDiffers() {
        assertThatThrownBy(() -> total.given(new Incremented(1)).thenState(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected: 2")
                .hasMessageContaining("but was:  1");
    }

    @Test
    void passesWhenAnIrrelevantEventChangesNothing() {
        total.given(new Incremented(1)).thenUnchangedBy(new Noted("ignored"));
    }

    @Test
    void failsWhenAnEventExpectedToBeIrrelevantChangesTheState() {
        assertThatThrownBy(() -> total.given(new Incremented(1)).thenUnchangedBy(new Incremented(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("should be unchanged");
    }
}
