package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Where the rows of a query come from.
 *
 * <ul>
 *   <li>{@link #accessLogs(Path, LogFormat)}: access-log files (a file or a directory, read recursively),
 *       parsed with log-parser; malformed lines are counted and skipped.</li>
 *   <li>{@link #agentJson(Path, LogFormat)}: newline-delimited agent JSON, as Firehose's S3 destination
 *       stores it.</li>
 *   <li>{@link Files#monitored(Duration)}: keep watching the directory for new files (the job then runs
 *       until cancelled).</li>
 *   <li>{@link #pushed()}: records pushed from Java, for the pipeline.</li>
 * </ul>
 *
 * <p>Files are read by one reader in path order (Firehose names its objects by time), so event-time
 * results depend only on the data. When a bounded input ends, every open window closes and emits.
 */
@API(status = EXPERIMENTAL)
public sealed interface AnalyticsInput permits AnalyticsInput.Files, PushedInput {

    /**
     * Returns access-log files read once.
     *
     * @param path a file or a directory
     * @param format the log format
     * @return the input
     */
    static Files accessLogs(Path path, LogFormat format) {
        return new Files(path, format, false, null);
    }

    /**
     * Returns agent JSON files read once.
     *
     * @param path a file or a directory
     * @param format the agent's {@code logFormat} (which fields the objects carry)
     * @return the input
     */
    static Files agentJson(Path path, LogFormat format) {
        return new Files(path, format, true, null);
    }

    /**
     * Returns an input fed from Java, holding up to {@link PushedInput#DEFAULT_CAPACITY} records.
     *
     * @return the input; {@link PushedInput#close()} ends it
     */
    static PushedInput pushed() {
        return new PushedInput(PushedInput.DEFAULT_CAPACITY);
    }

    /**
     * Files of access-log lines or agent JSON.
     *
     * @param path a file or a directory
     * @param format the log format
     * @param agentJson whether lines are agent JSON
     * @param monitorInterval how often to look for new files, or {@code null} to read once
     */
    @API(status = EXPERIMENTAL)
    record Files(Path path, LogFormat format, boolean agentJson, @Nullable Duration monitorInterval)
            implements AnalyticsInput {

        /** Validates the input. */
        public Files {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(format, "format");
            if (monitorInterval != null && (monitorInterval.isNegative() || monitorInterval.isZero())) {
                throw new IllegalArgumentException("monitorInterval must be positive, was " + monitorInterval);
            }
        }

        /**
         * Returns this input, continuously monitored for new files.
         *
         * @param interval how often to look
         * @return the copy
         */
        public Files monitored(Duration interval) {
            return new Files(path, format, agentJson, interval);
        }
    }
}
