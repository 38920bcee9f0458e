package io.logpipe.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/** {@link FailedRecordStore#directory(Path)}. Thread-safe. */
final class DirectoryFailedRecordStore implements FailedRecordStore {

    private final Path root;

    DirectoryFailedRecordStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] content) {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root) || key.startsWith("/") || target.equals(root)) {
            throw new IllegalArgumentException("key must name a file under " + root + ", was '" + key + "'");
        }
        try {
            AtomicFiles.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DirectoryFailedRecordStore[" + root + "]";
    }
}
