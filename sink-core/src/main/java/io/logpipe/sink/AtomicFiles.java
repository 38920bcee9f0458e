package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apiguardian.api.API;

/**
 * The one write-temp-then-atomic-move of the project: a reader of the target directory never sees
 * half a file. Used by the directory failed-record store and the local Firehose's S3-style
 * directory. The temporary file sits in the target's directory (a move across file systems is
 * not atomic) under a dot-name that readers skip.
 */
@API(status = STABLE)
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
        write(target, out -> out.write(content));
    }

    /**
     * Writes what {@code writer} writes to {@code target}, creating the parent directories,
     * replacing a file already there; the stream is buffered and closed here.
     *
     * @param target the file
     * @param writer writes the content
     * @throws IOException if the file cannot be written
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 65536)) {
                writer.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a file's content. */
    @FunctionalInterface
    public interface ContentWriter {
        /**
         * Writes the content.
         *
         * @param out the stream, closed by the caller
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }
}
