package io.logpipe.examples.tutorial;

import io.logpipe.examples.dashboard.PipelineSnapshot;
import io.logpipe.examples.dashboard.StageStatus;
import io.logpipe.examples.support.Durations;
import io.logpipe.examples.support.FlinkLogging;
import io.logpipe.examples.support.Terminals;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.model.LogpipeException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe tutorial}: the AWS tutorial "Build a Log Analytics Solution" end to end on this
 * machine, from one command: generator, agent, Firehose {@code web-log-ingestion-stream} (S3-style
 * directory), the analytics {@code web-log-aggregation-tutorial} on embedded Flink, Firehose
 * {@code web-log-aggregated-data} (OpenSearch destination) and a real OpenSearch, with a live status
 * and, at the end, the reconciliation.
 */
@Command(
        name = "tutorial",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the whole log-analytics tutorial locally: the generator writes DIR/logs/access_log, the agent "
                    + "(DIR/agent.json) ships it to the local Firehose web-log-ingestion-stream, which writes objects "
                    + "into DIR/s3/; the analytics web-log-aggregation-tutorial (the tutorial's query on embedded Flink, "
                    + "tumbling windows by arrival time as the tutorial's ROWTIME) reads them as they land and sends "
                    + "{DATETIME, STATUS, STATUSCOUNT} rows to web-log-aggregated-data, which indexes them into "
                    + "request_data in a real OpenSearch.",
            "Ctrl-C, SIGTERM or --duration stops the stages in order without losing data in flight, stops every "
                    + "process it started and prints the reconciliation: lines written = records in DIR/s3 = "
                    + "Σ STATUSCOUNT in request_data. Exit 0 when it is exact, 1 when not, 2 for a usage problem.",
            "Running again with the same --dir resumes from the agent's checkpoints; --clean starts over."
        })
public final class TutorialCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "tutorial", paramLabel = "DIR",
            description = "Where everything goes (logs, agent.json, state, s3, dead letters, OpenSearch data). "
                    + "Default: ./tutorial.")
    Path dir;

    @Option(names = "--duration", converter = Durations.Converter.class, paramLabel = "DURATION",
            description = "Stop by itself after this long (e.g. 3m), as on Ctrl-C. Default: run until stopped.")
    @Nullable Duration duration;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "LINES_PER_SECOND",
            description = "Lines the generator writes per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--window", defaultValue = "1m", converter = Durations.Converter.class,
            paramLabel = "DURATION", description = "The analytics' tumbling window, whole seconds. Default: 1m.")
    Duration window;

    @Option(names = "--seed", paramLabel = "SEED", description = "The generator's seed. Default: random.")
    @Nullable Long seed;

    @Option(names = "--rotate-lines", defaultValue = "10000", paramLabel = "N",
            description = "Rotate the log (by rename, as logrotate) every N lines. Default: ${DEFAULT-VALUE}.")
    long rotateLines;

    @Option(names = "--rotate-keep", defaultValue = "100", paramLabel = "N",
            description = "Rotated logs kept; an older one is deleted, read or not (as logrotate does), which loses "
                    + "its lines if the agent is that far behind. Default: ${DEFAULT-VALUE}.")
    int rotateKeep;

    @Option(names = "--buffer-seconds", defaultValue = "5", paramLabel = "S",
            description = "Buffering interval of both delivery streams, 0 to 900 (the tutorial's 300 is why its "
                    + "users waited five minutes). Default: ${DEFAULT-VALUE}.")
    int bufferSeconds;

    @Option(names = "--buffer-mb", defaultValue = "1", paramLabel = "M",
            description = "Buffering size of both delivery streams, 1 to 100 MiB. Default: ${DEFAULT-VALUE}.")
    int bufferMb;

    @Option(names = "--firehose-port", defaultValue = "4573", paramLabel = "P",
            description = "Port of the local Firehose on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int firehosePort;

    @Option(names = "--opensearch", paramLabel = "URL",
            description = "Use this running OpenSearch (e.g. http://127.0.0.1:9200) instead of starting one.")
    @Nullable URI opensearch;

    @Option(names = "--opensearch-port", defaultValue = "9200", paramLabel = "P",
            description = "Port of the OpenSearch the command starts; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int opensearchPort;

    @Option(names = "--opensearch-heap", defaultValue = OpenSearchServer.DEFAULT_HEAP, paramLabel = "SIZE",
            description = "Heap of the OpenSearch the command starts. Default: ${DEFAULT-VALUE}.")
    String opensearchHeap;

    @Option(names = "--opensearch-java-home", paramLabel = "JAVA_HOME",
            description = "The Java (11 to 23) the OpenSearch the command starts runs on. Default: OPENSEARCH_JAVA_HOME, "
                    + "else this JVM if it is 11 to 23, else such a JDK installed beside it.")
    @Nullable Path opensearchJavaHome;

    @Option(names = "--dashboard-port", defaultValue = "5601", paramLabel = "P",
            description = "Port of the dashboard on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int dashboardPort;

    @Option(names = "--no-dashboard", description = "Do not serve the dashboard.")
    boolean noDashboard;

    @Option(names = "--chaos", description = "Inject the local endpoints' faults on both delivery streams (per-record "
            + "failures, throttling, 5xx, connection resets) and restart OpenSearch once mid-run; the reconciliation "
            + "must still be exact.")
    boolean chaos;

    @Option(names = "--clean", description = "Delete what an earlier run left in DIR (logs, agent.json, state, s3, "
            + "dead-letters, opensearch) and start over, instead of resuming.")
    boolean clean;

    @Option(names = "--status-interval", converter = Durations.Converter.class, paramLabel = "DURATION",
            description = "How often the status is shown. Default: 1s on a terminal (redrawn in place), 10s otherwise.")
    @Nullable Duration statusInterval;

    @Spec
    CommandSpec spec;

    /** Counted down to stop the run: Ctrl-C, SIGTERM, or a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** The running pipeline, for tests. */
    volatile @Nullable TutorialPipeline running;

    /** The last reconciliation, for tests. */
    volatile @Nullable Reconciliation reconciliation;

    private final AtomicInteger signals = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        try {
            return run();
        } finally {
            finished.countDown();
        }
    }

    @SuppressWarnings("try") // the signal handlers are held for the try block's scope only
    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = validate();
        if (problem != null) {
            err.println("logpipe tutorial: " + problem);
            err.flush();
            return TutorialException.USAGE;
        }
        TutorialPaths paths = new TutorialPaths(dir);
        if (clean) {
            try {
                clean(paths);
            } catch (UncheckedIOException e) {
                err.println("logpipe tutorial: --clean: " + e.getMessage());
                err.flush();
                return TutorialException.USAGE;
            }
        }
        FlinkLogging.quiet();
        TutorialSettings settings = new TutorialSettings(paths, rate, seed, rotateLines, rotateKeep, window, bufferMb,
                Duration.ofSeconds(bufferSeconds), firehosePort, opensearch, opensearchPort, opensearchHeap,
                opensearchJavaHome, chaos,
                noDashboard ? -1 : dashboardPort);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        boolean terminal = Terminals.interactive() && statusInterval == null;
        Duration every = statusInterval != null ? statusInterval : terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        try (Signals ignored = Signals.install(this::onSignal, this::awaitFinished);
                TutorialPipeline pipeline = new TutorialPipeline(settings, registry, out)) {
            running = pipeline;
            out.println("logpipe tutorial: starting; everything goes under " + paths.dir());
            out.flush();
            pipeline.start();
            printPlaces(out, paths, pipeline, settings);
            boolean announced = false;
            long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            StatusPrinter status = new StatusPrinter(out, terminal);
            String failure = null;
            while (true) {
                long wait = Math.min(every.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (stop.await(Math.min(wait, 250), TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    status.finish();
                    out.println("logpipe tutorial: --duration " + duration + " reached, stopping");
                    break;
                }
                failure = pipeline.failure();
                if (failure != null) {
                    break;
                }
                if (!announced && pipeline.secondStageDone()) {
                    announced = true;
                    status.finish();
                    out.println("logpipe tutorial: OpenSearch ready at " + pipeline.opensearchUrl()
                            + "; Firehose #2 " + TutorialPipeline.AGGREGATED_STREAM + " created");
                }
                status.maybePrint(pipeline, every);
            }
            status.finish();
            if (failure != null) {
                err.println("logpipe tutorial: " + failure + "; stopping");
                err.flush();
            } else {
                out.println("logpipe tutorial: stopping in order (generator, agent, Firehose #1, analytics, Firehose #2, "
                        + "OpenSearch)...");
            }
            out.flush();
            Reconciliation r = pipeline.stop();
            reconciliation = r;
            Duration ttfa = pipeline.timeToFirstAggregate();
            out.println(r.render());
            if (!pipeline.chaosSummary().isEmpty()) {
                out.println("logpipe tutorial: " + pipeline.chaosSummary());
            }
            out.println("logpipe tutorial: time to the first aggregate in " + TutorialPipeline.INDEX + ": "
                    + (ttfa == null ? "none" : String.format(Locale.ROOT, "%.1f s", ttfa.toMillis() / 1000.0))
                    + "; every process it started is stopped.");
            out.flush();
            if (failure != null) {
                return TutorialException.FAILED;
            }
            return r.exact() ? 0 : TutorialException.FAILED;
        } catch (TutorialException e) {
            err.println("logpipe tutorial: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (LogpipeException | UncheckedIOException | IllegalStateException e) {
            err.println("logpipe tutorial: " + e.getMessage());
            err.flush();
            return TutorialException.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TutorialException.FAILED;
        } finally {
            running = null;
        }
    }

    private void onSignal() {
        if (signals.incrementAndGet() == 1) {
            stop.countDown();
        } else {
            // a second Ctrl-C: give up on the orderly stop; the OpenSearch launcher's hook still stops the server
            spec.commandLine().getErr().println("logpipe tutorial: second signal, exiting now without reconciling");
            spec.commandLine().getErr().flush();
            System.exit(130);
        }
    }

    private void awaitFinished() {
        try {
            finished.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private @Nullable String validate() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            return "--rate must be a positive number of lines per second, was " + rate;
        }
        if (window.isNegative() || window.isZero() || window.toMillis() % 1000 != 0) {
            return "--window must be a positive whole number of seconds, was " + window;
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            return "--duration must be positive, was " + duration;
        }
        if (bufferSeconds < 0 || bufferSeconds > 900) {
            return "--buffer-seconds must be 0 to 900, was " + bufferSeconds;
        }
        if (bufferMb < 1 || bufferMb > 100) {
            return "--buffer-mb must be 1 to 100, was " + bufferMb;
        }
        if (rotateLines < 1 || rotateKeep < 1) {
            return "--rotate-lines and --rotate-keep must be at least 1";
        }
        for (int[] p : new int[][] {{firehosePort}, {opensearchPort}, {dashboardPort}}) {
            if (p[0] < 0 || p[0] > 65535) {
                return "ports must be 0 to 65535, was " + p[0];
            }
        }
        if (opensearch != null && (opensearch.getScheme() == null || !opensearch.getScheme().startsWith("http"))) {
            return "--opensearch must be an http(s) URL such as http://127.0.0.1:9200, was '" + opensearch + "'";
        }
        if (statusInterval != null && (statusInterval.isNegative() || statusInterval.isZero())) {
            return "--status-interval must be positive, was " + statusInterval;
        }
        return null;
    }

    private static void clean(TutorialPaths paths) {
        for (Path p : paths.owned()) {
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
            }
        }
    }

    private static void printPlaces(PrintWriter out, TutorialPaths paths, TutorialPipeline pipeline,
            TutorialSettings settings) {
        out.printf(Locale.ROOT, "  generator   %s (%s lines/s, rotated every %,d lines)%n", paths.activeLog(),
                trim(settings.rate()), settings.rotateLines());
        out.printf(Locale.ROOT, "  agent       %s (checkpoints in %s)%n", paths.agentJson(), paths.checkpoints());
        out.printf(Locale.ROOT, "  firehose    %s: %s -> %s%n", pipeline.firehoseEndpoint(),
                TutorialPipeline.INGEST_STREAM, paths.s3());
        out.printf(Locale.ROOT, "  analytics   %s: the tutorial's query, %s tumbling windows by arrival time (ROWTIME)%n",
                TutorialPipeline.APPLICATION, settings.window());
        out.printf(Locale.ROOT, "  firehose    %s: %s -> OpenSearch index %s (failed documents to %s)%n",
                pipeline.firehoseEndpoint(), TutorialPipeline.AGGREGATED_STREAM, TutorialPipeline.INDEX,
                paths.s3().resolve("AmazonOpenSearchService-failed"));
        out.printf(Locale.ROOT, "  opensearch  %s%s%n", pipeline.opensearchUrl(),
                settings.opensearch() == null ? " (starting; the first start takes 10 to 30 s)" : "");
        URI dash = pipeline.dashboardUrl();
        if (dash != null) {
            out.printf(Locale.ROOT, "  dashboard   %s (Prometheus metrics at %smetrics)%n", dash, dash);
        }
        for (String n : pipeline.notes()) {
            out.println("  note: " + n);
        }
        out.println("Ctrl-C stops in order (nothing in flight is lost) and prints the reconciliation.");
        out.flush();
    }

    static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The live status: a block redrawn in place on a terminal, plain periodic lines otherwise. */
    static final class StatusPrinter {
        private final PrintWriter out;
        private final boolean terminal;
        private long next = System.nanoTime();
        private int drawn;

        StatusPrinter(PrintWriter out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void maybePrint(TutorialPipeline pipeline, Duration every) {
            long now = System.nanoTime();
            if (now < next) {
                return;
            }
            next = now + every.toNanos();
            PipelineSnapshot s = pipeline.snapshot();
            if (terminal) {
                if (drawn > 0) {
                    out.print("\033[" + drawn + "F\033[J");
                }
                String[] lines = block(s, pipeline.details()).split("\n");
                for (String l : lines) {
                    out.println(l);
                }
                drawn = lines.length;
            } else {
                out.println(line(s));
            }
            out.flush();
        }

        void finish() {
            drawn = 0;
        }

        static String line(PipelineSnapshot s) {
            StringBuilder sb = new StringBuilder("logpipe tutorial:");
            for (StageStatus st : s.stages()) {
                sb.append(String.format(Locale.ROOT, " %s %,d (%,.0f/s);", st.stage(), st.count(), st.perSecond()));
            }
            sb.append(" first aggregate ").append(s.timeToFirstAggregate() == null ? "pending"
                    : String.format(Locale.ROOT, "after %.1f s", s.timeToFirstAggregate().toMillis() / 1000.0));
            return sb.toString();
        }

        static String block(PipelineSnapshot s, String details) {
            StringBuilder sb = new StringBuilder();
            for (StageStatus st : s.stages()) {
                sb.append(String.format(Locale.ROOT, "  %-20s %-22s %,12d  %,10.0f/s%n", st.stage(), st.label(), st.count(),
                        st.perSecond()));
            }
            sb.append("  ").append(s.reconciliation()).append('\n');
            sb.append("  ").append(details).append('\n');
            sb.append("  first aggregate in request_data: ").append(s.timeToFirstAggregate() == null ? "pending"
                    : String.format(Locale.ROOT, "after %.1f s", s.timeToFirstAggregate().toMillis() / 1000.0));
            return sb.toString();
        }
    }
}
