// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.spec;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/** Equality checks that fail with an {@link AssertionFailedError}, so IDEs and reports show a diff. */
final class Expectations {
    private Expectations() {
    }

    static void expectEqual(String what, @Nullable Object expected, @Nullable Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionFailedError(what + "\n  expected: " + expected + "\n  but was:  " + actual,
                    expected, actual);
        }
    }

    static AssertionFailedError failure(String message) {
        return new AssertionFailedError(message);
    }
}
