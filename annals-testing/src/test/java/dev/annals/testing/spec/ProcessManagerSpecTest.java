// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.testing.spec.Counter.Event;
import dev.annals.testing.spec.Counter.Event.Incremented;
import dev.annals.testing.spec.Counter.Event.Noted;
import dev.annals.testing.spec.Counter.ResetWhenFull;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessManagerSpecTest {
    private final ProcessManagerSpec<ResetWhenFull.State, Event, String> process =
            ProcessManagerSpec.of(new ResetWhenFull());

    @Test
    void comparesTheCommandsTheMessageProvokes() {
        process.given(new Incremented(2)).when(new Incremented(1))
                .thenCommands("reset")
                .thenState(new ResetWhenFull.State(3, true, List.of("reset")));
    }

    @Test
    void givenMessagesCountAsAlreadyReactedTo() {
        process.given(new Incremented(3)).when(new Incremented(1)).thenNoCommands();
    }

    @Test
    void failsWhenCommandsDiffer() {
        assertThatThrownBy(() -> process.given().when(new Incremented(3)).thenNoCommands())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected: []")
                .hasMessageContaining("but was:  [reset]");
        assertThatThrownBy(() -> process.given().when(new Noted("x")).thenCommands("reset"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void failsWhenTheStateDiffers() {
        assertThatThrownBy(() -> process.given().when(new Noted("x"))
                .thenState(new ResetWhenFull.State(1, false, List.of())))
                .isInstanceOf(AssertionError.class);
    }
}
