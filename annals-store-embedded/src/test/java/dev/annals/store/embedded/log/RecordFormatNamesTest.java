// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordFormatNamesTest {

    /** The buffer holds "xx" + name + "yy"; the range points at the name. */
    private static String read(RecordFormat.Names names, String name, boolean direct) {
        byte[] bytes = ("xx" + name + "yy").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        return names.get(buffer, (2L << 32) | length);
    }

    @Test
    void aRepeatedNameIsOneSharedStringFromHeapAndDirectBuffers() {
        var names = new RecordFormat.Names(64, 128);

        String first = read(names, "orders.OrderPlaced.v1", false);
        String again = read(names, "orders.OrderPlaced.v1", true);

        assertThat(first).isEqualTo("orders.OrderPlaced.v1");
        assertThat(again).isSameAs(first);
    }

    @Test
    void namesThatShareASlotAreNeverConfused() {
        var names = new RecordFormat.Names(1, 128);  // every name collides

        for (int round = 0; round < 3; round++) {
            assertThat(read(names, "a.Placed", false)).isEqualTo("a.Placed");
            assertThat(read(names, "a.Paid", false)).isEqualTo("a.Paid");
            assertThat(read(names, "a.Paie", false)).isEqualTo("a.Paie");
            assertThat(read(names, "", false)).isEmpty();
            assertThat(read(names, "zählung.Geändert", true)).isEqualTo("zählung.Geändert");
        }
    }

    @Test
    void aNameLongerThanTheLimitIsReadButNotKept() {
        var names = new RecordFormat.Names(64, 8);

        String first = read(names, "a-long-event-type", false);
        String again = read(names, "a-long-event-type", false);

        assertThat(again).isEqualTo(first).isEqualTo("a-long-event-type").isNotSameAs(first);
    }
}
