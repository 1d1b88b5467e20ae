// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import java.nio.file.Path;

/** The end-to-end suite on the embedded store (the default) in a temporary directory. */
class EmbeddedStoreEndToEndTest extends OrderServiceEndToEndTest {
    @Override
    OrderService startService(Path dataDirectory) {
        return TestService.start(dataDirectory);
    }
}
