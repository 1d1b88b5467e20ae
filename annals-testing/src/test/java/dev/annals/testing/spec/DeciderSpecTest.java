// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.testing.spec.Counter.Command.Increment;
import dev.annals.testing.spec.Counter.Command.Touch;
import dev.annals.testing.spec.Counter.Event;
import dev.annals.testing.spec.Counter.Event.Incremented;
import dev.annals.testing.spec.Counter.LimitExceeded;
import org.junit.jupiter.api.Test;

class DeciderSpecTest {
    private final DeciderSpec<Counter.Command, Integer, Event, LimitExceeded> counter =
            DeciderSpec.of(new Counter.CounterDecider());

    @Test
    void passesWhenTheExpectedEventsAreRecorded() {
        counter.given(new Incremented(1)).when(new Increment(2)).thenEvents(new Incremented(2)).thenState(3);
    }

    @Test
    void failsWhenOtherEventsAreRecorded() {
        assertThatThrownBy(() -> counter.given().when(new Increment(1)).thenEvents(new Incremented(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected: [Incremented[by=2]]")
                .hasMessageContaining("but was:  [Incremented[by=1]]");
    }

    @Test
    void failsWhenEventsAreExpectedButTheCommandIsRejected() {
        assertThatThrownBy(() -> counter.given(new Incremented(3)).when(new Increment(1)).thenEvents(new Incremented(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("rejected with: LimitExceeded[limit=3, wanted=4]");
    }

    @Test
    void passesWhenTheCommandIsRejectedForTheExpectedReason() {
        counter.given(new Incremented(3)).when(new Increment(1)).thenRejectedWith(new LimitExceeded(3, 4));
    }

    @Test
    void failsWhenTheRejectionReasonDiffers() {
        assertThatThrownBy(() -> counter.given(new Incremented(3)).when(new Increment(1))
                .thenRejectedWith(new LimitExceeded(3, 5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LimitExceeded[limit=3, wanted=5]")
                .hasMessageContaining("LimitExceeded[limit=3, wanted=4]");
    }

    @Test
    void failsWhenARejectionIsExpectedButTheCommandIsAccepted() {
        assertThatThrownBy(() -> counter.given().when(new Increment(1)).thenRejectedWith(new LimitExceeded(3, 1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but it was accepted with events: [Incremented[by=1]]");
    }

    @Test
    void thenNothingPassesOnlyForAnAcceptanceWithoutEvents() {
        counter.given().when(new Touch()).thenNothing().thenState(0);
        assertThatThrownBy(() -> counter.given().when(new Increment(1)).thenNothing())
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void failsWhenTheStateDiffers() {
        assertThatThrownBy(() -> counter.given(new Incremented(1)).when(new Increment(1)).thenState(3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected: 3")
                .hasMessageContaining("but was:  2");
        assertThatThrownBy(() -> counter.given(new Incremented(1)).thenState(0))
                .isInstanceOf(AssertionError.class);
    }
}
