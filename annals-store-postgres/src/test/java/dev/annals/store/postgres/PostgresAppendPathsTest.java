// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.core.event.EventData;
import dev.annals.core.event.EventIds;
import dev.annals.core.event.Metadata;
import dev.annals.core.event.RecordedEvent;
import dev.annals.core.store.AppendResult;
import dev.annals.core.store.ExpectedVersion;
import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.ReadAllResult;
import dev.annals.core.store.ReadDirection;
import dev.annals.core.store.ReadStreamResult;
import dev.annals.core.store.StreamId;
import dev.annals.core.store.StreamVersion;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract suite does not see of the two append statements (one plain-SQL statement for
 * the common cases, append_events for the rest) and of the raw-bytes row mapping: the stored jsonb
 * copy, the stored time, and that both paths and both read paths agree.
 */
class PostgresAppendPathsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T03:04:05.123456789Z");
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String url;
    private PostgresEventStore store;
    private String schema;

    @BeforeAll
    static void createDatabase() {
        url = PgTestServer.newDatabase("paths");
    }

    @BeforeEach
    void openStore() {
        schema = "paths_" + SCHEMAS.incrementAndGet();
        store = PgTestServer.open(PgTestServer.config(url, schema).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void singleAndMultiEventAppendsStoreAJsonbCopyOfJsonPayloadsOnlyAndReadBackTheExactBytes() throws Exception {
        StreamId stream = StreamId.of("Order-paths");
        EventData json = event("{\"p\": \"one\"}", new Metadata("corr", null, "user", null, Map.of("k", "v")));
        EventData notJson = event("not json", Metadata.EMPTY);
        EventData jsonInBatch = event("{\"p\":\"two\"}", Metadata.EMPTY);
        EventData notJsonInBatch = event("{\"p\":", Metadata.EMPTY);

        assertThat(store.append(stream, ExpectedVersion.NO_STREAM, List.of(json)))
                .isInstanceOf(AppendResult.Appended.class);
        assertThat(store.append(stream, ExpectedVersion.exact(0), List.of(notJson)))
                .isInstanceOf(AppendResult.Appended.class);
        assertThat(store.append(stream, ExpectedVersion.exact(1), List.of(jsonInBatch, notJsonInBatch)))
                .isInstanceOf(AppendResult.Appended.class);

        try (Connection connection = PgTestServer.connect(url);
             PreparedStatement query = connection.prepareStatement(
                     "select data->>'p' from " + schema + ".events where stream_id = ? order by version")) {
            query.setString(1, stream.value());
            try (ResultSet rs = query.executeQuery()) {
                List<String> copies = new ArrayList<>();
                while (rs.next()) {
                    copies.add(rs.getString(1));
                }
                assertThat(copies).containsExactly("one", null, "two", null);
            }
        }
        assertThat(readStream(stream)).extracting(RecordedEvent::event)
                .containsExactly(json, notJson, jsonInBatch, notJsonInBatch);
    }

    @Test
    void eventsRecordTheInjectedClockToTheMicrosecondOnBothAppendPathsAndBothReads() {
        StreamId plain = StreamId.of("Order-clock");
        StreamId keyed = StreamId.of("Order-keyed");
        Instant expected = Instant.parse("2026-12-01T03:04:05.123456Z");

        store.append(plain, ExpectedVersion.NO_STREAM, List.of(event("{}", Metadata.EMPTY), event("{}", Metadata.EMPTY)));
        store.append(plain, ExpectedVersion.exact(1), List.of(event("{}", Metadata.EMPTY)));
        // an idempotency key sends the append through append_events
        store.append(keyed, ExpectedVersion.ANY, List.of(event("{}",
                Metadata.EMPTY.withEntry(Metadata.IDEMPOTENCY_KEY, "cmd-1"))));

        assertThat(readStream(plain)).extracting(RecordedEvent::recordedAt).containsOnly(expected);
        assertThat(readStream(keyed)).extracting(RecordedEvent::recordedAt).containsOnly(expected);
        var page = (ReadAllResult.Page) store.readAll(GlobalPosition.START, 100);
        assertThat(page.events()).hasSize(4).extracting(RecordedEvent::recordedAt).containsOnly(expected);
        assertThat(page.events()).extracting(RecordedEvent::streamId).containsExactly(plain, plain, plain, keyed);
    }

    @Test
    void anUnmetExpectationOnTheSingleStatementPathReportsTheActualVersion() {
        StreamId stream = StreamId.of("Order-stale");
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(event("{}", Metadata.EMPTY), event("{}", Metadata.EMPTY)));

        assertThat(store.append(stream, ExpectedVersion.exact(0), List.of(event("{}", Metadata.EMPTY))))
                .isEqualTo(new AppendResult.WrongExpectedVersion(stream, ExpectedVersion.exact(0), StreamVersion.of(1)));
        assertThat(store.append(stream, ExpectedVersion.NO_STREAM, List.of(event("{}", Metadata.EMPTY), event("{}", Metadata.EMPTY))))
                .isEqualTo(new AppendResult.WrongExpectedVersion(stream, ExpectedVersion.NO_STREAM, StreamVersion.of(1)));
        StreamId missing = StreamId.of("Order-missing");
        assertThat(store.append(missing, ExpectedVersion.STREAM_EXISTS, List.of(event("{}", Metadata.EMPTY))))
                .isEqualTo(new AppendResult.WrongExpectedVersion(missing, ExpectedVersion.STREAM_EXISTS, null));
        assertThat(store.append(missing, ExpectedVersion.ANY, List.of(event("{}", Metadata.EMPTY))))
                .isInstanceOfSatisfying(AppendResult.Appended.class,
                        a -> assertThat(a.lastVersion()).isEqualTo(StreamVersion.of(0)));
    }

    private static EventData event(String payload, Metadata metadata) {
        return new EventData(EventIds.newId(), "test.Happened", 1, payload.getBytes(StandardCharsets.UTF_8), metadata);
    }

    private List<RecordedEvent> readStream(StreamId stream) {
        var read = (ReadStreamResult.Found) store.readStream(stream, StreamVersion.FIRST, ReadDirection.FORWARD, 100);
        return read.events();
    }
}
