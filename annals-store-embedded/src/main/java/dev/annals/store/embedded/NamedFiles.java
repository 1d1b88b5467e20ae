// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory of one small file per name (a snapshot per stream, a checkpoint per consumer): the
 * file of a name ({@link FileNames}) and a striped lock that serialises the writers of one name
 * within this process. Creates the directory when it is missing.
 */
final class NamedFiles {
    private static final int STRIPES = 64;

    private final Path directory;
    private final String suffix;
    private final Object[] locks = new Object[STRIPES];

    NamedFiles(Path directory, String suffix, String what) {
        this.directory = directory;
        this.suffix = suffix;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + what + " folder " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    Path file(String name) {
        return directory.resolve(FileNames.of(name, suffix));
    }

    /** The lock of the name's stripe: writers of one name hold it while they read, compare and replace. */
    Object lockOf(String name) {
        return locks[(name.hashCode() & 0x7fffffff) % locks.length];
    }
}
