package io.logpipe.examples;

import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.analytics.flink.AnalyticsException;
import io.logpipe.analytics.flink.AnalyticsInput;
import io.logpipe.analytics.flink.AnalyticsJob;
import io.logpipe.analytics.flink.AnalyticsOutput;
import io.logpipe.analytics.flink.FlinkAnalytics;
import io.logpipe.analytics.flink.JobSummary;
import io.logpipe.examples.support.FlinkLogging;
import io.logpipe.examples.support.QueryOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code logpipe analytics run}: the tutorial query over access-log files on an embedded Flink. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the tutorial query (requests per window and HTTP status) over access-log files on an embedded "
                    + "Apache Flink MiniCluster and prints the result rows as JSON lines:",
            "  {\"DATETIME\":\"2026-11-25T10:00:00.000Z\",\"STATUS\":200,\"STATUSCOUNT\":1234}",
            "Event time (the default) windows by the log's own timestamps; rows later than "
                    + "--max-out-of-orderness behind the newest row are dropped once their window has closed, "
                    + "and counted. Arrival time is the tutorial's ROWTIME: rows are stamped as they are read, so a "
                    + "file read now lands in the current window(s); open windows close when the input ends.",
            "With --output the rows also go to a Firehose delivery stream, an OpenSearch index or a directory, "
                    + "through a Flink sink: a delivery that fails fails the run (exit 1) with the output's error.",
            "A summary goes to standard error."
        })
public final class AnalyticsRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "An access-log file, or a directory read recursively (files in path order).")
    Path input;

    @Mixin
    QueryOptions query = new QueryOptions();

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N",
            description = "Parallelism of the aggregation (task slots). Default: 1.")
    int parallelism;

    @Option(names = "--follow", description = "Keep watching the input directory for new files (as Firehose "
            + "writes them) until Ctrl-C. Event time only.")
    boolean follow;

    @Mixin
    AnalyticsOutputOptions outputOptions = new AnalyticsOutputOptions();

    @Override
    @SuppressWarnings("try") // the shutdown hook closes the job and Flink from its own thread
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(input)) {
            err.println("logpipe analytics run: input " + input + " does not exist");
            return 2;
        }
        if (follow && query.time() == QueryOptions.Time.ARRIVAL) {
            err.println("logpipe analytics run: --follow needs --time event");
            return 2;
        }
        AnalyticsOutput output;
        try {
            output = outputOptions.resolve();
        } catch (IllegalArgumentException e) {
            err.println("logpipe analytics run: " + e.getMessage());
            return 2;
        }
        FlinkLogging.quiet();
        TimeAttribute t = query.timeAttribute();
        AnalyticsInput.Files in = query.format() == QueryOptions.Format.AGENT_JSON
                ? AnalyticsInput.agentJson(input, query.logFormat())
                : AnalyticsInput.accessLogs(input, query.logFormat());
        if (follow) {
            in = in.monitored(Duration.ofSeconds(1));
        }
        try (FlinkAnalytics flink = FlinkAnalytics.builder().parallelism(parallelism).build()) {
            Object lock = new Object();
            try (AnalyticsJob job = flink.submit(Tutorial.flink(t, query.window()), in, row -> {
                synchronized (lock) {
                    out.println(row.toJson());
                    out.flush();
                }
            }, output)) {
                // Ctrl-C: cancel the job and stop Flink before the JVM goes (the main thread does not get to)
                CountDownLatch stopped = new CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    try {
                        job.close();
                        flink.close();
                    } catch (RuntimeException e) {
                        // the JVM is going down: nothing left to report to
                    } finally {
                        stopped.countDown();
                    }
                }, "logpipe-analytics-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    if (follow) {
                        err.println("logpipe analytics run: following " + input + "; Ctrl-C to stop");
                        err.flush();
                        stopped.await();
                        return 0;
                    }
                    JobSummary s = job.await(Duration.ofDays(1));
                    err.printf(Locale.ROOT, "logpipe analytics run: %d records, %d malformed lines, %d late records,"
                                    + " %d result rows in %.1f s%s%n", s.inputRecords(), s.malformedLines(),
                            s.lateRecords(), s.resultRows(), s.elapsed().toMillis() / 1000.0,
                            output == null ? "" : "; sent to " + AnalyticsOutputOptions.describe(output));
                    return 0;
                } finally {
                    removeHook(hook);
                }
            }
        } catch (AnalyticsException | IllegalArgumentException e) {
            err.println("logpipe analytics run: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutdown in progress: the hook runs
        }
    }
}
