package io.logpipe.sink.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apiguardian.api.API;

/**
 * The one write-temp-then-atomic-move of the project: a reader of the target directory never sees
 * half a file. The temporary file sits in the target's directory (a move across file systems is
 * not atomic) under a dot-name that readers skip.
 */
@API(status = INTERNAL)
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes {@code content} to {@code target}, creating the parent directories, replacing a file
     * already there.
     *
     * @param target the file
     * @param content the bytes
     * @throws IOException if the file cannot be written
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
