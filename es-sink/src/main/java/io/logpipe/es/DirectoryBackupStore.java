package io.logpipe.es;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@link BackupStore#directory(Path)}. */
final class DirectoryBackupStore implements BackupStore {

    private final Path root;

    DirectoryBackupStore(Path root) {
        this.root = requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] content) {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root) || key.startsWith("/")) {
            throw new IllegalArgumentException("backup key must stay under " + root + ": '" + key + "'");
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write backup object " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DirectoryBackupStore[" + root + "]";
    }
}
