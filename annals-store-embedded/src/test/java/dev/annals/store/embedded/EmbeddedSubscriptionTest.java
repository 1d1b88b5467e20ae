// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.Subscription;
import dev.annals.testing.contract.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live events are pushed from the writer; a subscriber that falls behind the ring reads the log. */
class EmbeddedSubscriptionTest {
    @TempDir
    Path temp;

    @Test
    void liveEventsArePushedAsAppendedAndAFallenBehindSubscriberReadsTheLogWithoutGapOrDuplicate() {
        try (EmbeddedEventStore store = EmbeddedEventStore.open(EmbeddedStoreConfig.builder(temp.resolve("store"))
                .segmentBytes(1 << 20).build()).orThrow()) {
            store.append(StreamId.of("Old-1"), ExpectedVersion.NO_STREAM, TestEvents.events("old", 30));
            List<RecordedEvent> received = new ArrayList<>();
            try (Subscription subscription = store.subscribeToAll(GlobalPosition.START)) {
                pollUntil(subscription, received, 30);

                EventData live = TestEvents.event("live");
                store.append(StreamId.of("Live-1"), ExpectedVersion.NO_STREAM, List.of(live));
                pollUntil(subscription, received, 31);
                assertThat(received.getLast().event()).as("pushed by the writer, not decoded from disk").isSameAs(live);

                int behind = 10_000;
                for (int i = 0; i < behind / 100; i++) {
                    assertThat(store.append(StreamId.of("Many-" + (i % 7)), ExpectedVersion.ANY,
                            TestEvents.events("m" + i, 100))).isInstanceOf(AppendResult.Appended.class);
                }
                pollUntil(subscription, received, 31 + behind);
                EventData after = TestEvents.event("after");
                store.append(StreamId.of("Live-1"), ExpectedVersion.exact(0), List.of(after));
                pollUntil(subscription, received, 32 + behind);
                assertThat(received.getLast().event()).isSameAs(after);
            }
            assertThat(received).isEqualTo(readAll(store));
        }
    }

    private static void pollUntil(Subscription subscription, List<RecordedEvent> received, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < count) {
            assertThat(System.nanoTime()).as("received %d of %d in time", received.size(), count).isLessThan(deadline);
            if (subscription.poll(500, Duration.ofMillis(200)) instanceof Subscription.Poll.Events events) {
                received.addAll(events.events());
            }
        }
    }

    private static List<RecordedEvent> readAll(EmbeddedEventStore store) {
        List<RecordedEvent> events = new ArrayList<>();
        GlobalPosition after = GlobalPosition.START;
        while (true) {
            var page = (ReadAllResult.Page) store.readAll(after, 1000);
            events.addAll(page.events());
            if (!page.events().isEmpty()) {
                after = page.events().getLast().position();
            }
            if (page.isEnd()) {
                return events;
            }
        }
    }
}
