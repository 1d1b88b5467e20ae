// SPDX-License-Identifier: Apache-2.0
package dev.annals.json;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** The concrete classes a sealed type permits, for completeness checks of explicit registries. */
final class SealedHierarchy {
    private SealedHierarchy() {
    }

    /** Concrete permitted subclasses, transitively; empty when {@code type} is not sealed. */
    static List<Class<?>> concreteLeaves(Class<?> type) {
        List<Class<?>> leaves = new ArrayList<>();
        collect(type, leaves);
        return leaves;
    }

    static boolean isConcrete(Class<?> type) {
        return !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
    }

    private static void collect(Class<?> type, List<Class<?>> into) {
        if (!type.isSealed()) {
            return;
        }
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            if (isConcrete(permitted)) {
                into.add(permitted);
            }
            collect(permitted, into);
        }
    }
}
