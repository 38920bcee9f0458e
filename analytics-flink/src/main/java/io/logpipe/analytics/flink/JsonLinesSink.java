package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Writes result rows to a file, one JSON object per line, flushed after each row so a reader sees rows
 * as windows close. Thread-safe. We created the file, so {@link #close()} closes it.
 */
@API(status = EXPERIMENTAL)
public final class JsonLinesSink implements Consumer<ResultRow>, AutoCloseable {

    private final Writer out;

    private JsonLinesSink(Writer out) {
        this.out = out;
    }

    /**
     * Creates (or truncates) the file.
     *
     * @param file the file
     * @return the sink
     * @throws UncheckedIOException if the file cannot be created
     */
    public static JsonLinesSink create(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new JsonLinesSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void accept(ResultRow row) {
        try {
            out.write(row.toJson());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result row: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close result file: " + e.getMessage(), e);
        }
    }
}
