// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** Every file operation of the store goes through this, so tests can inject faults. */
public interface StorageIo {
    /** The real file system. */
    static StorageIo system() {
        return SystemStorageIo.INSTANCE;
    }

    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;

    /** Makes the directory's entries (created, renamed, deleted files) durable. */
    void syncDirectory(Path directory) throws IOException;

    /** Atomic rename, replacing the target. */
    void move(Path from, Path to) throws IOException;

    void delete(Path file) throws IOException;
}
