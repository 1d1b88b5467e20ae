// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Starts the real service in-process on a free port, on the embedded store in a test directory. */
final class TestService {
    static final String ADMIN = "admin-secret-token";
    static final String WRITER = "writer-secret-token";
    static final String READER = "reader-secret-token";
    static final Map<String, String> ENVIRONMENT = Map.of(
            "ANNALS_ADMIN_TOKEN", ADMIN,
            "ANNALS_TOKENS", "writer:" + WRITER + ",reader:" + READER);

    static {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    private TestService() {
    }

    static OrderService start(Path data) {
        return OrderService.start(ServiceOptions.defaults().withPort(0).withHost("127.0.0.1").withDataDirectory(data),
                ENVIRONMENT, Clock.systemUTC());
    }

    static Map<String, Object> item(String productId, int quantity, String unitPrice) {
        return Map.of("productId", productId, "quantity", quantity, "unitPrice", unitPrice);
    }

    static Map<String, Object> order(String orderId, String customerId, List<Map<String, Object>> items) {
        return Map.of("orderId", orderId, "customerId", customerId, "items", items);
    }
}
