package io.logpipe.generator;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Names output files the way the original generator did: {@code [prefix_]access_log_YYYYmmdd-HHMMSS.log},
 * plus {@code .gz} for gzip output, with the local time at which the run started.
 */
@API(status = EXPERIMENTAL)
public final class LogFileNames {

    /** The timestamp part, {@code time.strftime("%Y%m%d-%H%M%S")}. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** The suffix of plain files: {@value}. */
    public static final String LOG_SUFFIX = ".log";

    /** The suffix added for gzip files: {@value}. */
    public static final String GZIP_SUFFIX = ".gz";

    private LogFileNames() {}

    /**
     * Returns the file name for a run.
     *
     * @param prefix the prefix, or {@code null} or empty for none; it may hold a directory path, as
     *     the original's {@code -p /home/ec2-user/logs/tutorial} did
     * @param startedAt the local time the run started
     * @param gzip whether the file is gzip-compressed
     * @return for example {@code WEB1_access_log_20170223-180751.log}
     */
    public static String fileName(@Nullable String prefix, LocalDateTime startedAt, boolean gzip) {
        requireNonNull(startedAt, "startedAt");
        String base = "access_log_" + TIMESTAMP.format(startedAt) + LOG_SUFFIX + (gzip ? GZIP_SUFFIX : "");
        return prefix == null || prefix.isEmpty() ? base : prefix + "_" + base;
    }

    /**
     * Returns the path of a run's file: the file name resolved against a directory (an absolute
     * prefix wins, as with {@link Path#resolve(String)}).
     *
     * @param directory the output directory
     * @param prefix the prefix, or {@code null}
     * @param startedAt the local time the run started
     * @param gzip whether the file is gzip-compressed
     * @return the path
     */
    public static Path path(Path directory, @Nullable String prefix, LocalDateTime startedAt, boolean gzip) {
        return requireNonNull(directory, "directory").resolve(fileName(prefix, startedAt, gzip));
    }
}
