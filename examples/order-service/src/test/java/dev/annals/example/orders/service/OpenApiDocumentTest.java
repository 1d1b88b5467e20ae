// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document describes exactly the routes the server serves, with their roles. */
class OpenApiDocumentTest {
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|patch|delete):\\s*$");
    private static final Pattern ROLE = Pattern.compile("^      x-annals-role: (\\w+)\\s*$");

    @TempDir
    Path data;

    /** "METHOD /path role" for every operation of the document's paths section. */
    static Set<String> operations(String yaml) {
        Set<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        String method = null;
        for (String line : yaml.split("\n")) {
            if (line.equals("paths:")) {
                inPaths = true;
                continue;
            }
            if (inPaths && !line.isEmpty() && !line.startsWith(" ")) {
                break;
            }
            Matcher p = PATH.matcher(line);
            Matcher m = METHOD.matcher(line);
            Matcher r = ROLE.matcher(line);
            if (inPaths && p.matches()) {
                path = p.group(1);
            } else if (inPaths && m.matches()) {
                method = m.group(1).toUpperCase(Locale.ROOT);
            } else if (inPaths && r.matches() && path != null && method != null) {
                operations.add(method + " " + path + " " + r.group(1));
            }
        }
        return operations;
    }

    @Test
    void describesEveryRouteOfTheRouteTableAndNoOther() {
        try (OrderService service = OrderService.start(ServiceOptions.defaults().withPort(0).withHost("127.0.0.1")
                .withStore("memory").withDataDirectory(data), TestService.ENVIRONMENT, java.time.Clock.systemUTC())) {
            Set<String> routes = service.routes().routes().stream()
                    .map(r -> r.method() + " " + r.pattern() + " " + r.required().wireName())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> documented = operations(OrderService.openApiDocument());
            assertThat(documented).isEqualTo(routes);

            Api.Response served = new Api(service.port(), TestService.READER).get("/openapi.yaml");
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.header("Content-Type")).startsWith("application/yaml");
            assertThat(served.body()).isEqualTo(OrderService.openApiDocument());
        }
    }
}
