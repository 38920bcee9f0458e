package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.firehose.internal.DeadLetterFormat;
import io.logpipe.sink.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes dead letters as JSON-lines files under a directory, one file per batch, in the shape
 * Firehose gives its own failed records.
 *
 * <p>Layout: {@code <directory>/YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<uuid>}
 * (UTC; the project's one key layout, {@link io.logpipe.sink.FirehoseKeyLayout}). Each line holds {@code attemptsMade}, {@code arrivalTimestamp}, {@code errorCode},
 * {@code errorMessage}, {@code attemptEndingTimestamp}, {@code deliveryStreamName} and
 * {@code rawData} (the record, base64). Files are written to a temporary name and moved into place
 * atomically, so a reader never sees half a file. Thread-safe.
 */
@API(status = STABLE)
public final class DirectoryDeadLetterHandler implements DeadLetterHandler {

    private final Path directory;
    private final Clock clock;

    /**
     * Creates a handler writing under {@code directory} (created when needed).
     *
     * @param directory the root directory
     */
    public DirectoryDeadLetterHandler(Path directory) {
        this(directory, Clock.systemUTC());
    }

    /**
     * Creates a handler with an injected clock, for tests.
     *
     * @param directory the root directory
     * @param clock the clock naming the files
     */
    public DirectoryDeadLetterHandler(Path directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the root directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Writes the letters to one new file.
     *
     * @param letters the dead letters, all for one stream
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public void handle(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        Path target = directory.resolve(DeadLetterFormat.key(letters.get(0).deliveryStream(), clock.instant()));
        try {
            AtomicFiles.write(target, DeadLetterFormat.toJsonLines(letters));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write dead letters to " + target + ": " + e.getMessage(), e);
        }
    }
}
