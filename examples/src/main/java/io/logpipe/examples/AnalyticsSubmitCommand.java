package io.logpipe.examples;

import io.logpipe.analytics.flink.AnalyticsOutput;
import io.logpipe.examples.support.Durations;
import io.logpipe.examples.support.QueryOptions;
import io.logpipe.local.flink.FlinkRestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe analytics submit}: the tutorial query as a job on a Flink cluster, through its REST API.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Submits the tutorial query (requests per window and HTTP status) to a Flink session cluster: "
                    + "uploads logpipe's job jar (/jars/upload), runs it (/jars/:id/run), prints the job id and "
                    + "the Web UI URL, and follows the job until it ends.",
            "The cluster's TaskManagers read --input and write --output, so both must be paths (or endpoints) they "
                    + "can reach (on a local cluster: this machine). Result rows are the tutorial's aggregated JSON: "
                    + "records of a Firehose delivery stream, documents of an OpenSearch index, or JSON lines in "
                    + "files results-*.json.",
            "Ctrl-C stops following and leaves the job running, unless --cancel-on-exit. Exit codes: 0 the job "
                    + "finished (or still runs after Ctrl-C), 1 it failed or was cancelled, 2 bad options, "
                    + "3 the cluster cannot be reached or refused the jar."
        })
public final class AnalyticsSubmitCommand implements Callable<Integer> {

    /** The job's main class in the job jar. */
    static final String ENTRY_CLASS = "io.logpipe.analytics.flink.AnalyticsJobMain";
    /** System property naming the job jar (tests, packaged installs). */
    static final String JOB_JAR_PROPERTY = "logpipe.analytics.jobJar";
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    @Spec
    CommandSpec spec;

    @Option(names = "--jobmanager", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL",
            description = "The JobManager's REST endpoint. Default: ${DEFAULT-VALUE}.")
    URI jobManager;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "An access-log file or a directory read recursively (files in path order).")
    Path input;

    @Mixin
    AnalyticsOutputOptions outputOptions = new AnalyticsOutputOptions();

    private @Nullable AnalyticsOutput output;

    @Mixin
    QueryOptions query = new QueryOptions();

    @Option(names = "--parallelism", defaultValue = "0", paramLabel = "N",
            description = "The job's parallelism (parsing and aggregation). Default: the cluster's.")
    int parallelism;

    @Option(names = "--checkpoint-interval", converter = Durations.Converter.class,
            paramLabel = "DURATION", description = "Checkpoint this often (the cluster's state.checkpoints.dir): "
                    + "across a lost TaskManager a directory gets every row exactly once, OpenSearch every (window, "
                    + "status) document once, Firehose every row at least once. Default: no checkpoints.")
    @Nullable Duration checkpointInterval;

    @Option(names = "--follow", description = "Keep watching the input directory for new files until the job "
            + "is cancelled.")
    boolean follow;

    @Option(names = "--detach", description = "Print the job id and exit without following the job.")
    boolean detach;

    @Option(names = "--cancel-on-exit", description = "Cancel the job when this command is stopped (Ctrl-C).")
    boolean cancelOnExit;

    @Option(names = "--jar", paramLabel = "FILE", description = "The job jar. Default: analytics-flink's "
            + "analytics-flink-<version>-job.jar from the build.")
    @Nullable Path jar;

    @Option(names = "--poll", defaultValue = "1s", converter = Durations.Converter.class,
            paramLabel = "DURATION", description = "How often to ask for the job's state. Default: 1s.")
    Duration poll;

    /** Counted down to stop following (tests); Ctrl-C does the same through the JVM's shutdown. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            output = outputOptions.resolve();
        } catch (IllegalArgumentException e) {
            err.println("logpipe analytics submit: " + e.getMessage());
            return 2;
        }
        if (output == null) {
            err.println("logpipe analytics submit: --output is required: firehose:NAME, opensearch:URL[#INDEX] or a "
                    + "directory the TaskManagers can write");
            return 2;
        }
        if (!Files.exists(input)) {
            err.println("logpipe analytics submit: input " + input + " does not exist");
            return 2;
        }
        if (follow && query.time() == QueryOptions.Time.ARRIVAL) {
            err.println("logpipe analytics submit: --follow needs --time event");
            return 2;
        }
        Path jobJar;
        try {
            jobJar = jar != null ? jar : locateJobJar();
        } catch (IllegalStateException e) {
            err.println("logpipe analytics submit: " + e.getMessage());
            return 2;
        }
        if (!Files.isRegularFile(jobJar)) {
            err.println("logpipe analytics submit: no job jar at " + jobJar);
            return 2;
        }
        FlinkRestClient rest = new FlinkRestClient(jobManager);
        String jobId;
        try {
            String version = rest.version();
            String jarId = rest.upload(jobJar);
            err.println("logpipe analytics submit: uploaded " + jobJar.getFileName() + " to Flink " + version
                    + " at " + rest.base());
            try {
                jobId = rest.run(jarId, ENTRY_CLASS, programArgs(), parallelism);
            } finally {
                try {
                    rest.deleteJar(jarId);
                } catch (FlinkRestClient.Failure e) {
                    // the job keeps running; a left-over upload only takes disk space
                }
            }
        } catch (FlinkRestClient.Failure e) {
            err.println("logpipe analytics submit: " + e.getMessage());
            return 3;
        }
        out.println("job " + jobId + " submitted; Web UI: " + rest.base() + "/#/job/running/" + jobId + "/overview");
        out.flush();
        if (detach) {
            return 0;
        }
        return follow(rest, jobId, out, err);
    }

    private int follow(FlinkRestClient rest, String jobId, PrintWriter out, PrintWriter err) {
        // Ctrl-C / SIGTERM: stop following; this thread then cancels the job if asked, and the hook waits for it
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "logpipe-analytics-submit-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String last = "";
            while (true) {
                String state;
                try {
                    state = rest.state(jobId);
                } catch (FlinkRestClient.Failure e) {
                    err.println("logpipe analytics submit: lost the JobManager while following job " + jobId + ": "
                            + e.getMessage());
                    return 3;
                }
                if (!state.equals(last)) {
                    err.println("logpipe analytics submit: job " + jobId + " " + state);
                    err.flush();
                    last = state;
                }
                if (TERMINAL.contains(state)) {
                    return finished(rest, jobId, state, out, err);
                }
                if (stop.await(poll.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (!cancelOnExit) {
                        err.println("logpipe analytics submit: stopped following; job " + jobId + " keeps running on "
                                + rest.base());
                        return 0;
                    }
                    try {
                        rest.cancel(jobId);
                        err.println("logpipe analytics submit: cancelled job " + jobId);
                        return 0;
                    } catch (FlinkRestClient.Failure e) {
                        err.println("logpipe analytics submit: could not cancel job " + jobId + ": " + e.getMessage());
                        return 3;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            err.flush();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs
            }
        }
    }

    private int finished(FlinkRestClient rest, String jobId, String state, PrintWriter out, PrintWriter err) {
        Map<String, Long> acc;
        try {
            acc = rest.accumulators(jobId);
        } catch (FlinkRestClient.Failure e) {
            acc = Map.of();
        }
        String counts = String.format(Locale.ROOT, "%d records, %d malformed lines, %d late records",
                acc.getOrDefault("logpipe.records", 0L), acc.getOrDefault("logpipe.malformed", 0L),
                acc.getOrDefault("logpipe.late", 0L));
        if (state.equals("FINISHED")) {
            out.println("job " + jobId + " FINISHED: " + counts + "; results in "
                    + AnalyticsOutputOptions.describe(Objects.requireNonNull(output)));
            out.flush();
            return 0;
        }
        String why = state.equals("FAILED") ? rest.rootException(jobId) : "";
        err.println("logpipe analytics submit: job " + jobId + " " + state + (why.isEmpty() ? "" : ": " + why));
        return 1;
    }

    List<String> programArgs() {
        List<String> a = new ArrayList<>(List.of("--input", input.toAbsolutePath().normalize().toString()));
        a.addAll(AnalyticsOutputOptions.jobArgs(Objects.requireNonNull(output, "output")));
        a.addAll(query.jobArguments());
        if (checkpointInterval != null) {
            a.add("--checkpoint-interval");
            a.add(checkpointInterval.toString());
        }
        if (follow) {
            a.add("--monitor-interval");
            a.add(Duration.ofSeconds(1).toString());
        }
        return a;
    }

    /** The job jar: {@value #JOB_JAR_PROPERTY}, else what the build left in analytics-flink/target. */
    static Path locateJobJar() {
        String configured = System.getProperty(JOB_JAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : new String[] {".", ".."}) {
            Path target = Path.of(dir, "analytics-flink", "target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(target, "analytics-flink-*-job.jar")) {
                    for (Path p : s) {
                        return p.toAbsolutePath().normalize();
                    }
                } catch (IOException e) {
                    // fall through to the message
                }
            }
        }
        throw new IllegalStateException("no job jar found: build it (./mvnw -pl analytics-flink -am -DskipTests "
                + "package writes analytics-flink/target/analytics-flink-<version>-job.jar) or pass --jar FILE");
    }
}
