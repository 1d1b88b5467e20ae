// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Handler OK = call -> Reply.ok("ok");

    private final RouteTable table = RouteTable.builder()
            .get("/api/streams/{streamId}", Role.READER, OK)
            .get("/api/streams/$all", Role.READER, OK)
            .post("/api/streams/{streamId}", Role.ADMIN, OK)
            .get("/health/live", Role.PUBLIC, OK)
            .build();

    @Test
    void prefersALiteralSegmentOverAParameter() {
        var lookup = table.find("GET", List.of("api", "streams", "$all"));
        assertThat(lookup).isInstanceOfSatisfying(RouteTable.Lookup.Matched.class,
                m -> assertThat(m.route().pattern()).isEqualTo("/api/streams/$all"));
    }

    @Test
    void bindsPathParameters() {
        var lookup = table.find("GET", List.of("api", "streams", "Order-1"));
        assertThat(lookup).isInstanceOfSatisfying(RouteTable.Lookup.Matched.class,
                m -> assertThat(m.parameters()).containsEntry("streamId", "Order-1"));
    }

    @Test
    void anEmptySegmentNeverBindsAParameterAndTheTableAgreesWithEachRoutesOwnMatch() {
        assertThat(table.find("GET", List.of("api", "streams", ""))).isInstanceOf(RouteTable.Lookup.NotFound.class);
        for (var path : List.of(List.of("api", "streams", "x"), List.of("api", "streams", "$all"), List.of("health", "live"),
                List.of("api", "streams"), List.of("api", "streams", "x", "y"))) {
            var expected = table.routes().stream().filter(r -> r.method().equals("GET") && r.match(path) != null).findFirst();
            var lookup = table.find("GET", path);
            if (expected.isPresent()) {
                assertThat(lookup).isInstanceOfSatisfying(RouteTable.Lookup.Matched.class, m -> {
                    assertThat(m.route()).isEqualTo(expected.get());
                    assertThat(m.parameters()).isEqualTo(expected.get().match(path));
                });
            } else {
                assertThat(lookup).isNotInstanceOf(RouteTable.Lookup.Matched.class);
            }
        }
    }

    @Test
    void tellsAnUnknownPathFromAKnownPathWithAnotherMethod() {
        assertThat(table.find("GET", List.of("api", "nothing"))).isInstanceOf(RouteTable.Lookup.NotFound.class);
        assertThat(table.find("DELETE", List.of("api", "streams", "x")))
                .isInstanceOfSatisfying(RouteTable.Lookup.MethodNotAllowed.class,
                        m -> assertThat(m.allowed()).containsExactly("GET", "POST"));
    }

    @Test
    void refusesDuplicateRoutesAndPublicRoutesOutsideHealth() {
        assertThatThrownBy(() -> RouteTable.builder().get("/a", Role.READER, OK).get("/a", Role.ADMIN, OK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Route("GET", "/api/open", Role.PUBLIC, OK)).isInstanceOf(IllegalArgumentException.class);
    }
}
