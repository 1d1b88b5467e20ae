// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reply checks response headers itself: Helidon's per-response header validation is off. */
class ReplyTest {
    @Test
    void aHeaderValueWithALineBreakIsRefusedWhenTheReplyIsBuilt() {
        assertThatThrownBy(() -> Reply.ok(Map.of()).withHeader("ETag", "\"1\"\r\nSet-Cookie: x=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ETag");
        assertThatThrownBy(() -> new Reply.Json(200, null, Map.of("Location", "/a\nb")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.ok(Map.of()).withHeader("X-Name", "caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeaderNameThatIsNotAnHttpTokenIsRefused() {
        assertThatThrownBy(() -> Reply.text(200, "text/plain", "x").withHeader("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.text(200, "text/plain", "x").withHeader("", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void visibleAsciiSpacesAndTabsAreAccepted() {
        Reply reply = Reply.ok(Map.of())
                .withHeader("ETag", "\"42\"")
                .withHeader("Location", "/api/orders/0a3a71aa-d845-41dc-bb59-08f5fc4bbd93")
                .withHeader("X-Note", "a b\tc ~!#");

        assertThat(reply.headers()).containsEntry("ETag", "\"42\"").containsEntry("X-Note", "a b\tc ~!#");
    }
}
