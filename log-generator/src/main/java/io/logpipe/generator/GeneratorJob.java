package io.logpipe.generator;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link LogGenerator} the way the original command did: a number of lines, or until
 * stopped; paced by a pause after each line ({@code --sleep}) or by a rate in lines per second, or as
 * fast as possible; into a caller's stream (the console), a file or a gzip file, optionally rotated.
 *
 * <pre>{@code
 * GeneratorJob job = GeneratorJob.builder(generator)
 *         .gzipFile(Path.of("access_log_20261125-233000.log.gz"))
 *         .lines(0)                        // 0 or negative: until stop() or a signal
 *         .build();
 * job.installShutdownHook();               // SIGINT/SIGTERM: finish the line, flush, close
 * GeneratorJob.Result result = job.run();
 * }</pre>
 *
 * <p>Stopping: {@link #stop()} (from any thread, or the shutdown hook) lets the current line finish;
 * then {@link #run()} flushes, closes the files it created (so a {@code .gz} is a complete gzip
 * stream) and returns. Lines are never cut: rotation, pacing and stopping happen between lines.
 *
 * <p>Ownership: files are created and closed by the job; a stream given to {@link
 * Builder#console(OutputStream)} is flushed, never closed. {@link #run()} may be called once.
 */
@API(status = EXPERIMENTAL)
public final class GeneratorJob {

    /** Lines written when none are set: {@value}, the original's {@code -n} default. */
    public static final long DEFAULT_LINES = 1;

    /** How often the progress listener is called at most: 200 ms. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(200);

    /** How long the shutdown hook waits for the writer loop to finish: 10 s. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Receives progress reports from the writer loop's thread. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * Reports progress.
         *
         * @param lines lines written so far
         * @param bytes bytes written so far (uncompressed)
         * @param done {@code true} for the last report of the run
         */
        void onProgress(long lines, long bytes, boolean done);
    }

    /**
     * What a run did.
     *
     * @param lines lines written
     * @param bytes bytes written, uncompressed, newlines included
     * @param elapsed wall-clock time of the run
     * @param stopped whether it ended by {@link #stop()} rather than by reaching its line count
     * @param rotations how many times the file rotated
     */
    public record Result(long lines, long bytes, Duration elapsed, boolean stopped, int rotations) {}

    private enum Target {
        CONSOLE,
        FILE,
        GZIP
    }

    private final LogGenerator generator;
    private final long lines;
    private final Target target;
    private final @Nullable OutputStream console;
    private final @Nullable Path file;
    private final long pauseNanos;
    private final double rate;
    private final long rotateLines;
    private final long rotateBytes;
    private final int rotateKeep;
    private final @Nullable ProgressListener progress;
    private final long progressIntervalNanos;
    private final Duration stopTimeout;

    private volatile boolean stopRequested;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private boolean started;
    private @Nullable Thread hook;

    private GeneratorJob(Builder b) {
        this.generator = b.generator;
        this.lines = b.lines;
        this.target = b.target;
        this.console = b.console;
        this.file = b.file;
        this.pauseNanos = b.pause.toNanos();
        this.rate = b.rate;
        this.rotateLines = b.rotateLines;
        this.rotateBytes = b.rotateBytes;
        this.rotateKeep = b.rotateKeep;
        this.progress = b.progress;
        this.progressIntervalNanos = b.progressInterval.toNanos();
        this.stopTimeout = b.stopTimeout;
    }

    /**
     * Returns a builder for a job running {@code generator}; the output must be set.
     *
     * @param generator the generator
     * @return a new builder
     */
    public static Builder builder(LogGenerator generator) {
        return new Builder(requireNonNull(generator, "generator"));
    }

    /**
     * Asks the running loop to stop after the current line; returns at once. Thread-safe.
     */
    public void stop() {
        stopRequested = true;
        stopSignal.countDown();
    }

    /**
     * Waits until {@link #run()} has flushed, closed and returned.
     *
     * @param timeout the longest wait
     * @return {@code true} if the run finished within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Registers a JVM shutdown hook that, on SIGINT or SIGTERM (or {@code System.exit}), calls
     * {@link #stop()} and waits up to the stop timeout for the loop to finish its line, flush and
     * close. The hook is removed again when {@link #run()} returns normally.
     *
     * @return the hook thread
     */
    public synchronized Thread installShutdownHook() {
        if (hook == null) {
            Thread t = new Thread(() -> {
                stop();
                try {
                    awaitTermination(stopTimeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "logpipe-generator-shutdown");
            Runtime.getRuntime().addShutdownHook(t);
            hook = t;
        }
        return hook;
    }

    /**
     * Runs the loop on the calling thread until the line count is reached or {@link #stop()} is
     * called.
     *
     * @return what was written
     * @throws GeneratorException if the output fails (the files are closed first)
     * @throws IllegalStateException if called twice
     */
    public Result run() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a GeneratorJob runs once");
            }
            started = true;
        }
        long t0 = System.nanoTime();
        RotatingFileOutputStream rotating = null;
        OutputStream out;
        long written = 0;
        long bytes = 0;
        try {
            if (target == Target.CONSOLE) {
                out = requireNonNull(console);
            } else {
                rotating = new RotatingFileOutputStream(requireNonNull(file), target == Target.GZIP,
                        rotateKeep);
                out = rotating;
            }
            IOException closeFailure = null;
            try {
                LogLineWriter writer = generator.writer(out);
                boolean infinite = lines <= 0;
                boolean paced = rate > 0 || pauseNanos > 0;
                double nanosPerLine = rate > 0 ? 1e9 / rate : 0;
                long nextProgress = t0 + progressIntervalNanos;
                long linesInFile = 0;
                long bytesInFile = 0;
                while (!stopRequested && (infinite || written < lines)) {
                    if (rate > 0) {
                        long wait = t0 + (long) (written * nanosPerLine) - System.nanoTime();
                        if (wait > 0) {
                            writer.flush();
                            if (pause(wait)) {
                                break;
                            }
                        }
                    }
                    int length = writer.writeLine();
                    written++;
                    bytes += length;
                    if (rotating != null && (rotateLines > 0 || rotateBytes > 0)) {
                        linesInFile++;
                        bytesInFile += length;
                        if ((rotateLines > 0 && linesInFile >= rotateLines)
                                || (rotateBytes > 0 && bytesInFile >= rotateBytes)) {
                            writer.flush();
                            rotating.rotate();
                            linesInFile = 0;
                            bytesInFile = 0;
                        }
                    }
                    if (progress != null && (paced || (written & 1023) == 0)) {
                        long now = System.nanoTime();
                        if (now - nextProgress >= 0) {
                            progress.onProgress(written, bytes, false);
                            nextProgress = now + progressIntervalNanos;
                        }
                    }
                    if (pauseNanos > 0 && (infinite || written < lines)) {
                        // no pause after the last line: the original slept once more for nothing
                        writer.flush();
                        if (pause(pauseNanos)) {
                            break;
                        }
                    }
                }
                writer.close();
            } finally {
                if (rotating != null) {
                    try {
                        rotating.close();
                    } catch (IOException e) {
                        closeFailure = e; // thrown below, never over a failure of the writing itself
                    }
                }
            }
            if (closeFailure != null) {
                throw new GeneratorException("Cannot close " + file + ": " + closeFailure.getMessage(), closeFailure);
            }
            if (progress != null) {
                progress.onProgress(written, bytes, true);
            }
            return new Result(written, bytes, Duration.ofNanos(System.nanoTime() - t0), stopRequested,
                    rotating == null ? 0 : rotating.rotations());
        } finally {
            finished.countDown();
            removeHook();
        }
    }

    /** Sleeps, waking early on {@link #stop()}; returns whether a stop was requested. */
    private boolean pause(long nanos) {
        try {
            return stopSignal.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private synchronized void removeHook() {
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already running the hook, which is waiting for us: nothing to remove
            }
            hook = null;
        }
    }

    /** Configures a {@link GeneratorJob}; not thread-safe. */
    public static final class Builder {
        private final LogGenerator generator;
        private long lines = DEFAULT_LINES;
        private Target target = Target.CONSOLE;
        private @Nullable OutputStream console;
        private @Nullable Path file;
        private Duration pause = Duration.ZERO;
        private double rate;
        private long rotateLines;
        private long rotateBytes;
        private int rotateKeep = RotatingFileOutputStream.DEFAULT_KEEP;
        private @Nullable ProgressListener progress;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        private Builder(LogGenerator generator) {
            this.generator = generator;
        }

        /**
         * Sets how many lines to write. Optional. Default: {@value GeneratorJob#DEFAULT_LINES}.
         *
         * @param lines the count; 0 or negative runs until stopped (the original's {@code -n 0})
         * @return this builder
         */
        public Builder lines(long lines) {
            this.lines = lines;
            return this;
        }

        /**
         * Writes into a caller's stream, flushed but never closed (for example standard output).
         * One of the three outputs is required.
         *
         * @param out the stream
         * @return this builder
         */
        public Builder console(OutputStream out) {
            this.target = Target.CONSOLE;
            this.console = requireNonNull(out, "out");
            this.file = null;
            return this;
        }

        /**
         * Writes a plain file, created or truncated.
         *
         * @param path the file
         * @return this builder
         */
        public Builder file(Path path) {
            this.target = Target.FILE;
            this.file = requireNonNull(path, "path");
            this.console = null;
            return this;
        }

        /**
         * Writes a gzip file, created or truncated; it is a complete gzip stream when the run ends,
         * also when stopped by a signal.
         *
         * @param path the file, normally ending in {@code .gz}
         * @return this builder
         */
        public Builder gzipFile(Path path) {
            this.target = Target.GZIP;
            this.file = requireNonNull(path, "path");
            this.console = null;
            return this;
        }

        /**
         * Sleeps this long after each line, flushing first (the original's {@code --sleep}; give the
         * generator the same {@link LogGenerator.Builder#fixedStep(Duration)}). Optional. Default: no
         * pause.
         *
         * @param pause the pause, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder pause(Duration pause) {
            if (requireNonNull(pause, "pause").isNegative()) {
                throw new IllegalArgumentException("pause must be >= 0, was " + pause);
            }
            this.pause = pause;
            return this;
        }

        /**
         * Paces the lines to the wall clock: line {@code i} is written {@code i / rate} seconds
         * after the start (catching up without sleeping when behind), flushing before each wait.
         * Give the generator {@link LogGenerator.Builder#wallClock()} so timestamps track real time.
         * Optional. Default: as fast as possible.
         *
         * @param linesPerSecond the rate, positive
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         */
        public Builder rate(double linesPerSecond) {
            if (!(linesPerSecond > 0) || Double.isInfinite(linesPerSecond)) {
                throw new IllegalArgumentException("rate must be a positive number of lines per second, was "
                        + linesPerSecond);
            }
            this.rate = linesPerSecond;
            return this;
        }

        /**
         * Rotates the file (see {@link RotatingFileOutputStream}) once it holds this many lines.
         * Optional. Default: 0, no rotation by lines. Ignored for the console.
         *
         * @param lines the line count per file, 0 for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder rotateLines(long lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("rotateLines must be >= 0, was " + lines);
            }
            this.rotateLines = lines;
            return this;
        }

        /**
         * Rotates the file once it holds at least this many uncompressed bytes (it ends on the line
         * that reached the size). Optional. Default: 0, no rotation by size.
         *
         * @param bytes the size, 0 for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder rotateBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("rotateBytes must be >= 0, was " + bytes);
            }
            this.rotateBytes = bytes;
            return this;
        }

        /**
         * Sets how many rotated files to keep. Optional. Default: {@value
         * RotatingFileOutputStream#DEFAULT_KEEP}.
         *
         * @param keep at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder rotateKeep(int keep) {
            if (keep < 1) {
                throw new IllegalArgumentException("rotateKeep must be >= 1, was " + keep);
            }
            this.rotateKeep = keep;
            return this;
        }

        /**
         * Sets a listener called from the loop at most every progress interval, and once at the end.
         * Optional. Default: none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progress(ProgressListener listener) {
            this.progress = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets how often progress is reported at most. Optional. Default: 200 ms.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets how long the shutdown hook waits for the loop to finish. Optional. Default: 10 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Builds the job.
         *
         * @return the job
         * @throws IllegalStateException if no output was set, or both a pause and a rate were
         */
        public GeneratorJob build() {
            if (console == null && file == null) {
                throw new IllegalStateException("an output is required: console(out), file(path) or gzipFile(path)");
            }
            if (rate > 0 && !pause.isZero()) {
                throw new IllegalStateException("pause and rate exclude each other: use one way of pacing");
            }
            return new GeneratorJob(this);
        }
    }
}
