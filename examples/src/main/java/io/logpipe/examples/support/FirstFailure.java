package io.logpipe.examples.support;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the message of the first record a sink could not deliver, for a {@code send} command's last
 * line: pass it to each record future's {@code whenComplete}. Thread-safe: futures complete on the
 * sink's threads.
 */
public final class FirstFailure implements BiConsumer<Object, Throwable> {

    private final AtomicReference<String> first = new AtomicReference<>();

    @Override
    public void accept(@Nullable Object ok, @Nullable Throwable error) {
        if (error != null) {
            first.compareAndSet(null, String.valueOf(error.getMessage()));
        }
    }

    /** @return the first failure's message, or {@code null} if every record was delivered */
    public @Nullable String message() {
        return first.get();
    }

    /**
     * Prints how many records were not delivered, where they were kept and the first failure, if a
     * record failed.
     *
     * @param err where the message goes
     * @param command the message prefix, for example {@code logpipe send firehose}
     * @param failed the records not delivered
     * @param keptIn the directory they were written to, or {@code null}
     */
    public void report(PrintWriter err, String command, long failed, @Nullable Path keptIn) {
        String message = first.get();
        if (message != null) {
            err.println(command + ": " + failed + " record(s) not delivered"
                    + (keptIn == null ? "" : " (kept in " + keptIn + ")") + "; first: " + message);
        }
    }
}
