// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.checkpoint;

import dev.annals.core.store.GlobalPosition;
import dev.annals.core.store.StorageFailure;
import dev.annals.core.store.WriteResult;

/**
 * Durable positions of named consumers. A save replaces the previous value atomically; it may move
 * a checkpoint backwards (a reset or a rebuild), so callers decide direction, not the store.
 * Names are 1 to 200 characters of letters, digits and {@code - _ . :}.
 */
public interface CheckpointStore {
    Load load(String name);

    WriteResult save(String name, GlobalPosition position);

    sealed interface Load {
        record Found(GlobalPosition position) implements Load {}

        record NotFound() implements Load {}

        record Failed(StorageFailure failure) implements Load {}
    }

    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 200) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    static String requireValidName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid checkpoint name: '" + name + "'");
        }
        return name;
    }
}
