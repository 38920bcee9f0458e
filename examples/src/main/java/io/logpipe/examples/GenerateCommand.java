package io.logpipe.examples;

import io.logpipe.examples.support.Terminals;
import io.logpipe.generator.GeneratorException;
import io.logpipe.generator.GeneratorJob;
import io.logpipe.generator.Ipv4Space;
import io.logpipe.generator.LogFileNames;
import io.logpipe.generator.LogGenerator;
import io.logpipe.generator.RotatingFileOutputStream;
import io.logpipe.model.LogFormat;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe generate}: the fake Apache log generator (a port of kiritbasu/Fake-Apache-Log-Generator,
 * Apache-2.0) with the original's flags, plus seeds, a start time, a wall-clock rate and rotation.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes fake Apache access-log lines, like kiritbasu/Fake-Apache-Log-Generator (Apache-2.0), with the "
                    + "same flags, lists and weights.",
            "Files are named [prefix_]access_log_YYYYmmdd-HHMMSS.log[.gz] in the output directory. "
                    + "Ctrl-C or SIGTERM finishes the current line, flushes and closes (a .gz stays valid).",
            "Rotation renames like logrotate: the active file keeps its name, the full one becomes .1 "
                    + "(.1.gz for GZ), older ones shift to .2, .3, ... and the oldest beyond --rotate-keep is deleted."
        })
public final class GenerateCommand implements Callable<Integer> {

    /** Where the lines go (the original's {@code -o}). */
    enum Output {
        LOG,
        GZ,
        CONSOLE
    }

    /** The line format (the original's {@code -l}): CLF is common, ELF is in fact combined. */
    enum Format {
        CLF,
        ELF
    }

    @Option(names = {"-n", "--num"}, defaultValue = "1", paramLabel = "N",
            description = "Number of lines to generate; 0 or negative runs until interrupted. Default: ${DEFAULT-VALUE}.")
    long num;

    @Option(names = {"-o", "--output"}, defaultValue = "CONSOLE", paramLabel = "LOG|GZ|CONSOLE",
            description = "Write to a .log file, a .log.gz file, or standard output. Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = {"-l", "--log-format"}, defaultValue = "ELF", paramLabel = "CLF|ELF",
            description = "CLF (common) or ELF (combined: with referer and user agent). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-p", "--prefix"}, paramLabel = "PREFIX",
            description = "File-name prefix, joined with '_'; it may contain directories.")
    @Nullable String prefix;

    @Option(names = {"-s", "--sleep"}, defaultValue = "0", paramLabel = "SECONDS",
            description = "Sleep this long after each line; timestamps then advance exactly this much. Default: 0 "
                    + "(no sleep; timestamps advance 30-300 s a line).")
    double sleep;

    @Option(names = "--output-dir", defaultValue = ".", paramLabel = "DIR",
            description = "Directory for LOG and GZ files (created if missing). Default: the current directory.")
    Path outputDir;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Random seed; the same seed and --start give byte-identical output. Default: random (printed).")
    @Nullable Long seed;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Time before the first line: 2026-11-25T23:30:00Z, with an offset, or local to --zone. "
                    + "Default: now. Ignored with --rate.")
    @Nullable String start;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of the timestamps and the file name, such as Europe/Berlin. Default: the host's.")
    @Nullable String zone;

    @Option(names = "--rate", paramLabel = "LINES_PER_SECOND",
            description = "Pace lines to the wall clock at this rate, timestamps tracking real time.")
    @Nullable Double rate;

    @Option(names = "--rotate-lines", defaultValue = "0", paramLabel = "N",
            description = "Rotate the file (by rename) once it holds N lines. Default: no rotation.")
    long rotateLines;

    @Option(names = "--rotate-bytes", defaultValue = "0", paramLabel = "BYTES",
            description = "Rotate the file once it holds at least BYTES uncompressed bytes. Default: no rotation.")
    long rotateBytes;

    @Option(names = "--rotate-keep", defaultValue = "5", paramLabel = "N",
            description = "Rotated files to keep. Default: ${DEFAULT-VALUE}.")
    int rotateKeep;

    @Option(names = "--ipv4", defaultValue = "NON_RESERVED", paramLabel = "NON_RESERVED|FULL",
            description = "Client addresses: uniform over the non-reserved space (modern Faker), or over all 2^32 "
                    + "(Faker 0.7.3). Default: ${DEFAULT-VALUE}.")
    Ipv4Space ipv4;

    @Spec
    @Nullable CommandSpec spec;

    private final OutputStream stdout;
    private final Clock clock;
    private final boolean terminal;

    /** Creates the command writing CONSOLE output to the process's standard output. */
    public GenerateCommand() {
        this(new FileOutputStream(FileDescriptor.out), Clock.systemUTC(), Terminals.interactive());
    }

    GenerateCommand(OutputStream stdout, Clock clock, boolean terminal) {
        this.stdout = stdout;
        this.clock = clock;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec().commandLine().getErr();
        String problem = validate();
        if (problem != null) {
            err.println("logpipe generate: " + problem);
            err.flush();
            return 2;
        }
        ZoneId zoneId;
        Instant startAt;
        try {
            zoneId = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
            startAt = start == null ? null : parseStart(start, zoneId);
        } catch (DateTimeException e) {
            err.println("logpipe generate: " + e.getMessage());
            err.flush();
            return 2;
        }

        LogGenerator.Builder generator = LogGenerator.builder()
                .format(format == Format.CLF ? LogFormat.COMMON : LogFormat.COMBINED)
                .zone(zoneId)
                .clock(clock)
                .ipv4Space(ipv4);
        if (seed != null) {
            generator.seed(seed);
        }
        if (startAt != null) {
            generator.start(startAt);
        }
        Duration pause = Duration.ofNanos(Math.round(sleep * 1e9));
        if (rate != null) {
            generator.wallClock();
        } else if (!pause.isZero()) {
            generator.fixedStep(pause);
        }
        LogGenerator built = generator.build();
        GeneratorJob.Builder job = GeneratorJob.builder(built).lines(num);
        if (rate != null) {
            job.rate(rate);
        } else if (!pause.isZero()) {
            job.pause(pause);
        }

        String where;
        if (output == Output.CONSOLE) {
            job.console(stdout);
            where = "standard output";
        } else {
            LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), zoneId);
            Path file = LogFileNames.path(outputDir, prefix, now, output == Output.GZ).toAbsolutePath().normalize();
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                err.println("logpipe generate: cannot create the directory " + file.getParent() + ": " + e);
                err.flush();
                return 1;
            }
            if (output == Output.GZ) {
                job.gzipFile(file);
            } else {
                job.file(file);
            }
            job.rotateLines(rotateLines).rotateBytes(rotateBytes).rotateKeep(rotateKeep);
            where = file.toString();
            if (rotateLines > 0 || rotateBytes > 0) {
                where += " (rotating to " + RotatingFileOutputStream.rotatedPath(file, 1).getFileName() + ", ...)";
            }
        }
        Progress progress = new Progress(err, num, num > 0 && terminal);
        job.progress(progress);
        err.println("logpipe generate: writing " + (num > 0 ? String.format(Locale.ROOT, "%,d", num) : "unlimited")
                + " " + format + " lines to " + where + " [seed " + built.seed() + "]"
                + (num > 0 ? "" : "; stop with Ctrl-C"));
        err.flush();

        GeneratorJob running = job.build();
        running.installShutdownHook();
        try {
            running.run();
            return 0;
        } catch (GeneratorException e) {
            progress.finishLine();
            if (output == Output.CONSOLE && e.getCause() instanceof IOException) {
                // standard output was closed (for example piped into head): the reader has what it wanted
                return 0;
            }
            err.println("logpipe generate: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private @Nullable String validate() {
        if (!(sleep >= 0) || Double.isInfinite(sleep)) {
            return "--sleep must be a number of seconds >= 0, was " + sleep;
        }
        if (rate != null && (!(rate > 0) || rate.isInfinite())) {
            return "--rate must be a positive number of lines per second, was " + rate;
        }
        if (rate != null && sleep > 0) {
            return "--rate and --sleep exclude each other: use one way of pacing";
        }
        if (rotateLines < 0 || rotateBytes < 0 || rotateKeep < 1) {
            return "--rotate-lines and --rotate-bytes must be >= 0 and --rotate-keep >= 1";
        }
        if (output == Output.CONSOLE && (rotateLines > 0 || rotateBytes > 0)) {
            return "rotation needs a file: add -o LOG or -o GZ";
        }
        return null;
    }

    private static Instant parseStart(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new DateTimeException("--start must be an ISO-8601 time such as 2026-11-25T23:30:00Z, "
                        + "2026-11-25T23:30:00+01:00 or 2026-11-25T23:30:00 (in --zone), was '" + text + "'");
            }
        }
    }

    private CommandSpec spec() {
        if (spec == null) {
            throw new IllegalStateException("run through picocli");
        }
        return spec;
    }

    /**
     * Reports on stderr: a one-line progress bar redrawn in place (for a finite run on a terminal),
     * and a summary when the run ends. The summary is printed from the writer loop, before a
     * shutdown hook lets the JVM exit, so a run stopped by Ctrl-C reports too.
     */
    static final class Progress implements GeneratorJob.ProgressListener {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final long total;
        private final boolean bar;
        private final long startNanos = System.nanoTime();
        private boolean drawn;

        Progress(PrintWriter err, long total, boolean bar) {
            this.err = err;
            this.total = total;
            this.bar = bar;
        }

        @Override
        public void onProgress(long lines, long bytes, boolean done) {
            double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9);
            if (bar) {
                double fraction = Math.min(1.0, (double) lines / total);
                int filled = (int) (fraction * WIDTH);
                err.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%% %,d/%,d lines, %,.0f lines/s ",
                        "#".repeat(filled), "-".repeat(WIDTH - filled), fraction * 100, lines, total, lines / seconds));
                drawn = true;
            }
            if (done) {
                finishLine();
                err.println(String.format(Locale.ROOT, "logpipe generate: wrote %,d lines (%,.1f MB) in %.1f s, %,.0f lines/s",
                        lines, bytes / 1e6, seconds, lines / seconds));
            }
            err.flush();
        }

        void finishLine() {
            if (drawn) {
                err.println();
                err.flush();
                drawn = false;
            }
        }
    }
}
