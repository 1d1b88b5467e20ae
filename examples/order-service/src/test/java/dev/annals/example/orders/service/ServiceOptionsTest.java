// SPDX-License-Identifier: Apache-2.0
package dev.annals.example.orders.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceOptionsTest {
    @Test
    void defaultsToTheEmbeddedStoreOnPort8080WithAuthentication() {
        assertThat(ServiceOptions.parse()).isEqualTo(new ServiceOptions.Parse.Options(ServiceOptions.defaults()));
        assertThat(ServiceOptions.defaults().store()).isEqualTo("embedded");
        assertThat(ServiceOptions.defaults().isInsecure()).isFalse();
    }

    @Test
    void readsEveryOptionInBothSpellings() {
        var parsed = ServiceOptions.parse("--port", "0", "--data=/tmp/d", "--store", "postgres", "--pg-url",
                "jdbc:postgresql://db:5432/orders", "--host=127.0.0.1", "--insecure");
        assertThat(parsed).isEqualTo(new ServiceOptions.Parse.Options(new ServiceOptions(0, Path.of("/tmp/d"), "postgres",
                "jdbc:postgresql://db:5432/orders", "127.0.0.1", true)));
    }

    @Test
    void refusesWhatItCannotServe() {
        assertThat(ServiceOptions.parse("--port", "70000")).isInstanceOf(ServiceOptions.Parse.Invalid.class);
        assertThat(ServiceOptions.parse("--port")).isInstanceOf(ServiceOptions.Parse.Invalid.class);
        assertThat(ServiceOptions.parse("--store", "oracle")).isInstanceOf(ServiceOptions.Parse.Invalid.class);
        assertThat(ServiceOptions.parse("--store", "postgres")).isInstanceOf(ServiceOptions.Parse.Invalid.class);
        assertThat(ServiceOptions.parse("--verbose")).isInstanceOf(ServiceOptions.Parse.Invalid.class);
        assertThat(ServiceOptions.parse("--help")).isInstanceOf(ServiceOptions.Parse.Help.class);
    }
}
