// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Runs a scenario in-process through the real command line and reads its last line as JSON. */
final class Scenarios {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Scenarios() {
    }

    /** Runs {@code annals bench <args>}; asserts it exits 0 and answers the JSON of its last output line. */
    static JsonNode run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = BenchMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        assertThat(exit).as("exit code of %s%nout:%n%s%nerr:%n%s", String.join(" ", args), out, err).isZero();
        String[] lines = out.toString().strip().split("\\R");
        try {
            return MAPPER.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new UncheckedIOException("the last line is not JSON: " + lines[lines.length - 1], e);
        }
    }

    /** Runs {@code annals bench <args>} expecting a failure; answers the exit code and the error output. */
    static Failure runFailing(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = BenchMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Failure(exit, err.toString());
    }

    record Failure(int exitCode, String err) {}

    static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** Asserts every named field is a number greater than zero. */
    static void assertPositive(JsonNode json, String... fields) {
        for (String field : fields) {
            assertThat(json.get(field)).as("field %s of %s", field, json).isNotNull();
            assertThat(json.get(field).isNumber()).as("field %s of %s is a number", field, json).isTrue();
            assertThat(json.get(field).asDouble()).as("field %s of %s", field, json).isPositive();
        }
    }

    /** The tiny sizes every scenario test uses on top of its own arguments. */
    static String[] tiny(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--runs", "1", "--warmup-runs", "0"));
        return all.toArray(String[]::new);
    }
}
