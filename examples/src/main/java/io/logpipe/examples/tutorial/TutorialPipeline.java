package io.logpipe.examples.tutorial;

import io.logpipe.agent.AgentConfig;
import io.logpipe.agent.AgentConfigException;
import io.logpipe.agent.AgentException;
import io.logpipe.agent.AgentMetricNames;
import io.logpipe.agent.AgentStatus;
import io.logpipe.agent.LogAgent;
import io.logpipe.agent.RejectedLineSink;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.analytics.flink.AnalyticsInput;
import io.logpipe.analytics.flink.AnalyticsJob;
import io.logpipe.analytics.flink.FlinkAnalytics;
import io.logpipe.analytics.flink.JobSummary;
import io.logpipe.analytics.flink.PushedInput;
import io.logpipe.es.BulkSinkStats;
import io.logpipe.examples.dashboard.DashboardException;
import io.logpipe.examples.dashboard.PipelineSnapshot;
import io.logpipe.examples.dashboard.StageStatus;
import io.logpipe.firehose.DeliveryStreams;
import io.logpipe.firehose.DirectoryDeadLetterHandler;
import io.logpipe.firehose.FirehoseSink;
import io.logpipe.firehose.FirehoseSinkStats;
import io.logpipe.generator.GeneratorJob;
import io.logpipe.generator.LogGenerator;
import io.logpipe.local.firehose.BufferingDestination;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.opensearch.OpenSearchDestination;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.examples.dashboard.DashboardServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceIndexRotationPeriod;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceS3BackupMode;

/**
 * The whole tutorial pipeline in one process: generator, agent, Firehose #1 (S3-style directory),
 * analytics on embedded Flink reading what Firehose #1 delivers, Firehose #2 (OpenSearch
 * destination) and a real OpenSearch, with the tutorial's names. {@link #start()} starts the stages
 * from the end of the pipeline to its head, {@link #stop()} stops them from the head to the end,
 * each after the previous one has handed over everything it held, and returns the
 * {@link Reconciliation}. See {@code docs/design/tutorial.md}.
 *
 * <p>{@link #snapshot()} and {@link #failure()} are thread-safe (the dashboard calls them from its
 * own threads); start, stop and close are called by one thread.
 */
final class TutorialPipeline implements AutoCloseable {

    static final String INGEST_STREAM = "web-log-ingestion-stream";
    static final String AGGREGATED_STREAM = "web-log-aggregated-data";
    static final String APPLICATION = "web-log-aggregation-tutorial";
    static final String INDEX = "request_data";
    static final String DOMAIN = "web-log-summary";
    static final String DOMAIN_ARN = "arn:aws:es:us-east-1:" + LocalFirehose.ACCOUNT_ID + ":domain/" + DOMAIN;
    static final String BUCKET_ARN = "arn:aws:s3:::logpipe-tutorial";
    static final String ROLE_ARN = "arn:aws:iam::" + LocalFirehose.ACCOUNT_ID + ":role/firehose_delivery_role";
    /** How long a stage may go without progress while it drains at shutdown. */
    static final Duration DRAIN_STALL = Duration.ofSeconds(60);

    private final TutorialSettings settings;
    private final TutorialPaths paths;
    private final PrometheusMeterRegistry registry;
    private final PrintWriter log;
    private final long startNanos = System.nanoTime();
    private final Rates rates = new Rates();
    private final AtomicLong linesWritten = new AtomicLong();
    private final AggregateForwarder forwarder = new AggregateForwarder();
    private final List<String> notes = new ArrayList<>();

    private @Nullable OpenSearchServer server;
    private @Nullable URI opensearchUrl;
    private @Nullable OpenSearchIndex index;
    private volatile OpenSearchIndex.Totals baseline = OpenSearchIndex.Totals.EMPTY;
    private volatile @Nullable LocalFirehose firehose;
    private @Nullable FirehoseAsyncClient client;
    private volatile @Nullable FlinkAnalytics flink;
    private volatile @Nullable PushedInput pushed;
    private volatile @Nullable AnalyticsJob job;
    private volatile @Nullable ObjectFeed feed;
    private volatile @Nullable FirehoseSink aggregatedSink;
    private volatile @Nullable LogAgent agent;
    private @Nullable GeneratorJob generator;
    private @Nullable Thread generatorThread;
    private volatile GeneratorJob.@Nullable Result generated;
    private volatile @Nullable Throwable generatorFailure;
    private @Nullable Thread secondStage;
    private volatile @Nullable Throwable secondStageFailure;
    private @Nullable Thread analyticsStart;
    private volatile @Nullable Throwable analyticsFailure;
    private final CompletableFuture<Void> secondStageReady = new CompletableFuture<>();
    private volatile @Nullable Duration timeToFirstAggregate;
    private @Nullable Chaos chaos;
    private volatile @Nullable DashboardServer dashboard;
    private volatile boolean stopping;

    TutorialPipeline(TutorialSettings settings, PrometheusMeterRegistry registry, PrintWriter log) {
        this.settings = settings;
        this.paths = settings.paths();
        this.registry = registry;
        this.log = log;
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts every stage. OpenSearch starts in the background (its first start takes 10 to 30 s): the
     * head of the pipeline runs meanwhile, and the analytics' rows wait for Firehose #2.
     *
     * @throws TutorialException with exit code 2 for what the user can fix, 1 otherwise; what was
     *     started is left for {@link #close()}
     */
    void start() {
        prepareDirectories();
        if (settings.firehosePort() != 0) {
            checkPortFree(settings.firehosePort(), "the local Firehose", "--firehose-port");
        }
        if (settings.opensearch() == null && settings.opensearchPort() != 0) {
            checkPortFree(settings.opensearchPort(), "OpenSearch", "--opensearch-port");
        }
        if (settings.dashboard() && settings.dashboardPort() != 0) {
            checkPortFree(settings.dashboardPort(), "the dashboard", "--dashboard-port", "; or turn it off with --no-dashboard");
        }
        URI osUrl = prepareOpenSearch();
        startDashboard(osUrl);
        startFirehose(osUrl);
        DeliveryStreams streams = new DeliveryStreams(client, Duration.ofMillis(200));
        startSecondStage(streams); // OpenSearch takes longest: it starts while the rest does
        streams.create(DeliveryStreams.s3Stream(INGEST_STREAM, BUCKET_ARN, ROLE_ARN)
                .bufferingHints(settings.bufferMb(), settings.bufferInterval()).build());
        streams.awaitActive(INGEST_STREAM, Duration.ofSeconds(30));
        step("Firehose #1 %s created through the SDK (%s)", INGEST_STREAM, since());
        writeAgentJson();
        // Flink takes seconds to start: it does while the head of the pipeline runs; objects wait in s3/
        Thread analyticsStart = new Thread(() -> {
            try {
                startAnalytics();
                step("analytics %s running on embedded Flink (%s)", APPLICATION, since());
            } catch (RuntimeException e) {
                analyticsFailure = e;
            }
        }, "logpipe-tutorial-analytics-start");
        analyticsStart.setDaemon(true);
        this.analyticsStart = analyticsStart;
        analyticsStart.start();
        startAgent();
        startGenerator();
        step("agent and generator running (%s)", since());
        if (settings.chaos()) {
            chaos = new Chaos(firehose, server, () -> indexedDocuments(), log);
            chaos.start();
            if (server == null) {
                notes.add("--chaos with --opensearch: OpenSearch is not ours, so it is not restarted");
            }
        }
    }

    private String since() {
        return String.format(Locale.ROOT, "+%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private void prepareDirectories() {
        Path dir = paths.dir();
        try {
            for (Path p : new Path[] {dir, paths.logs(), paths.state(), paths.s3(), paths.deadLetters()}) {
                Files.createDirectories(p);
            }
            Path probe = Files.createTempFile(paths.state(), ".write-test-", "");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw TutorialException.usage("--dir " + dir + " cannot be written (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): choose a directory you can write, e.g. --dir ./tutorial", e);
        }
    }

    private URI prepareOpenSearch() {
        if (settings.opensearch() != null) {
            URI url = settings.opensearch();
            OpenSearchIndex i = new OpenSearchIndex(url, INDEX);
            try {
                i.checkReachable();
            } catch (LogpipeException e) {
                throw TutorialException.usage("--opensearch: " + e.getMessage(), e);
            }
            opensearchUrl = url;
            index = i;
            return url;
        }
        int port = settings.opensearchPort() == 0 ? freePort() : settings.opensearchPort();
        OpenSearchServer.Builder b;
        try {
            b = OpenSearchServer.builder().httpPort(port).heap(settings.opensearchHeap());
            if (settings.opensearchJavaHome() != null) {
                b.javaHome(settings.opensearchJavaHome());
            }
        } catch (IllegalArgumentException e) {
            throw TutorialException.usage("--opensearch-java-home / --opensearch-heap: " + e.getMessage(), e);
        }
        if (dataDirectoryUsable(paths.opensearchData())) {
            b.dataDirectory(paths.opensearchData());
        } else {
            notes.add("OpenSearch keeps its data in a temporary directory: " + paths.dir()
                    + " is inside a directory the user nobody (who runs OpenSearch for root) cannot enter");
        }
        OpenSearchServer s;
        try {
            s = b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw TutorialException.usage("cannot run OpenSearch: " + e.getMessage()
                    + " (or use a running one with --opensearch URL)", e);
        }
        server = s;
        URI url = URI.create("http://127.0.0.1:" + port);
        opensearchUrl = url;
        index = new OpenSearchIndex(url, INDEX);
        return url;
    }

    /** Whether OpenSearch can keep its data under DIR: as root it runs as nobody, who must enter every parent. */
    private static boolean dataDirectoryUsable(Path data) {
        if (!isRoot()) {
            return true;
        }
        for (Path p = data.getParent(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private void startDashboard(URI osUrl) {
        if (!settings.dashboard()) {
            return;
        }
        DashboardServer d = DashboardServer.builder().opensearch(osUrl).index(INDEX).port(settings.dashboardPort())
                .pipelineStatus(this::snapshot).meterRegistry(registry).build();
        try {
            d.start();
        } catch (DashboardException e) {
            throw TutorialException.usage("--dashboard-port: " + e.getMessage() + " (--dashboard-port, or --no-dashboard)",
                    e);
        }
        dashboard = d;
    }

    /** The dashboard's page, or {@code null} without one. */
    @Nullable URI dashboardUrl() {
        DashboardServer d = dashboard;
        return d == null ? null : d.url();
    }

    private void startFirehose(URI osUrl) {
        LocalFirehose f = LocalFirehose.builder().port(settings.firehosePort()).directory(paths.s3())
                .destinationFactory(OpenSearchDestination.builder().domain(DOMAIN, osUrl).defaultEndpoint(osUrl)
                        .meterRegistry(registry).build())
                .build();
        try {
            f.start();
        } catch (UncheckedIOException e) {
            throw TutorialException.usage("port " + settings.firehosePort() + " (the local Firehose) cannot be used: "
                    + e.getMessage() + "; choose another with --firehose-port (0 picks a free one)", e);
        }
        firehose = f;
        client = FirehoseAsyncClient.builder()
                .endpointOverride(f.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        // the local endpoint accepts any signature
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("logpipe", "logpipe"));
    }

    private void writeAgentJson() {
        String json = """
                {
                  "cloudwatch.emitMetrics": true,
                  "firehose.endpoint": "%s",
                  "checkpointFile": "%s",
                  "flows": [
                    {
                      "filePattern": "%s",
                      "deliveryStream": "%s",
                      "initialPosition": "START_OF_FILE",
                      "maxBufferAgeMillis": 1000,
                      "dataProcessingOptions": [
                        { "optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG" }
                      ]
                    }
                  ]
                }
                """.formatted(firehose.endpoint(), jsonString(paths.checkpoints()),
                jsonString(paths.logs().resolve("access_log*")), INGEST_STREAM);
        try {
            Files.writeString(paths.agentJson(), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw TutorialException.usage("--dir: cannot write " + paths.agentJson() + ": " + e.getMessage(), e);
        }
    }

    private static String jsonString(Path p) {
        return p.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void startAnalytics() {
        try {
            flink = FlinkAnalytics.builder().parallelism(1).build();
            PushedInput in = AnalyticsInput.pushed();
            pushed = in;
            job = flink.submit(Tutorial.flink(TimeAttribute.arrival(), settings.window()), in, forwarder);
            ObjectFeed f = new ObjectFeed(paths.s3(), INGEST_STREAM, paths.analyticsObjects(), in, Duration.ofMillis(250));
            feed = f;
            int earlier = f.start();
            if (earlier > 0) {
                step("resumed: %d objects in s3/ were analysed by an earlier run and are skipped", earlier);
            }
        } catch (LogpipeException | UncheckedIOException e) {
            throw TutorialException.failed("cannot start the analytics " + APPLICATION + ": " + e.getMessage(), e);
        }
    }

    private void startAgent() {
        AgentConfig cfg;
        try {
            cfg = AgentConfig.read(paths.agentJson());
        } catch (AgentConfigException e) {
            throw TutorialException.failed("the generated " + paths.agentJson() + " does not load: " + e.getMessage(), e);
        }
        for (String w : cfg.warnings()) {
            if (!w.contains("/tmp")) { // a test's temporary directory; a user's --dir is theirs to choose
                notes.add("agent.json: " + w);
            }
        }
        LogAgent a = LogAgent.builder(cfg).meterRegistry(registry)
                .rejectedLineSink(RejectedLineSink.toFile(paths.rejectedLines())).build();
        try {
            a.start();
        } catch (AgentException | AgentConfigException e) {
            a.close();
            throw TutorialException.failed("the agent cannot start: " + e.getMessage(), e);
        }
        agent = a;
    }

    private void startGenerator() {
        LogGenerator.Builder g = LogGenerator.builder().format(LogFormat.COMBINED).wallClock();
        if (settings.seed() != null) {
            g.seed(settings.seed());
        }
        GeneratorJob gen = GeneratorJob.builder(g.build())
                .lines(0)
                .file(paths.activeLog())
                .rate(settings.rate())
                .rotateLines(settings.rotateLines())
                .rotateKeep(settings.rotateKeep())
                .progress((lines, bytes, done) -> linesWritten.set(lines))
                .progressInterval(Duration.ofMillis(100))
                .build();
        generator = gen;
        Thread t = new Thread(() -> {
            try {
                GeneratorJob.Result r = gen.run();
                linesWritten.set(r.lines());
                generated = r;
            } catch (RuntimeException e) {
                generatorFailure = e;
            }
        }, "logpipe-tutorial-generator");
        t.setDaemon(true);
        generatorThread = t;
        t.start();
    }

    /** OpenSearch ready, the index mapped, Firehose #2 created through the SDK, its producer handed to the analytics. */
    private void startSecondStage(DeliveryStreams streams) {
        Thread t = new Thread(() -> {
            try {
                if (server != null) {
                    server.start();
                }
                OpenSearchIndex i = index;
                i.ensureIndex();
                baseline = i.totals();
                streams.create(DeliveryStreams.openSearchStream(AGGREGATED_STREAM, DOMAIN_ARN, INDEX, ROLE_ARN, BUCKET_ARN)
                        .indexRotation(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION)
                        .retryDuration(Duration.ofSeconds(300))
                        .s3BackupMode(AmazonopensearchserviceS3BackupMode.FAILED_DOCUMENTS_ONLY)
                        .bufferingHints(settings.bufferMb(), settings.bufferInterval())
                        .build());
                streams.awaitActive(AGGREGATED_STREAM, Duration.ofSeconds(30));
                FirehoseSink sink = FirehoseSink.builder()
                        .endpointOverride(firehose.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials())
                        .deliveryStream(AGGREGATED_STREAM)
                        .linger(Duration.ofMillis(200))
                        .deadLetterHandler(new DirectoryDeadLetterHandler(paths.deadLetters().resolve(AGGREGATED_STREAM)))
                        .meterRegistry(registry)
                        .build();
                aggregatedSink = sink;
                forwarder.ready(sink);
                secondStageReady.complete(null);
                watchFirstAggregate();
            } catch (RuntimeException e) {
                secondStageFailure = e;
                forwarder.unavailable(e);
                secondStageReady.completeExceptionally(e);
            }
        }, "logpipe-tutorial-second-stage");
        t.setDaemon(true);
        secondStage = t;
        t.start();
    }

    private void watchFirstAggregate() {
        while (!stopping && timeToFirstAggregate == null) {
            if (indexedDocuments() > 0) {
                timeToFirstAggregate = Duration.ofNanos(System.nanoTime() - startNanos);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether OpenSearch is up and Firehose #2 exists (failures are reported by {@link #failure()}). */
    boolean secondStageDone() {
        return secondStageReady.isDone() && !secondStageReady.isCompletedExceptionally();
    }

    private TutorialException secondStageError(Throwable cause) {
        if (cause instanceof TutorialException te) {
            return te;
        }
        return TutorialException.failed((server != null ? "OpenSearch or " : "") + "Firehose #2 " + AGGREGATED_STREAM
                + " could not start: " + cause.getMessage(), cause);
    }

    // ---------------------------------------------------------------- running

    /**
     * Returns why the pipeline cannot go on, if a stage stopped by itself.
     *
     * @return the reason, or {@code null} while every stage runs
     */
    @Nullable String failure() {
        if (generatorFailure != null) {
            return "the generator stopped: " + generatorFailure.getMessage();
        }
        LogAgent a = agent;
        if (a != null && a.failure() != null) {
            return "the agent stopped: " + a.failure().getMessage();
        }
        if (analyticsFailure != null) {
            return analyticsFailure.getMessage();
        }
        ObjectFeed f = feed;
        if (f != null && f.failure() != null) {
            return "the analytics stopped reading s3/: " + f.failure().getMessage();
        }
        if (secondStageFailure != null) {
            return secondStageError(secondStageFailure).getMessage();
        }
        AnalyticsJob j = job;
        if (!stopping && j != null && j.isDone()) {
            return "the analytics job " + APPLICATION + " ended by itself";
        }
        return null;
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    @Nullable URI opensearchUrl() {
        return opensearchUrl;
    }

    @Nullable URI firehoseEndpoint() {
        LocalFirehose f = firehose;
        return f == null ? null : f.endpoint();
    }

    @Nullable Duration timeToFirstAggregate() {
        return timeToFirstAggregate;
    }

    private long indexedDocuments() {
        OpenSearchDestination d = openSearchDestination();
        return d == null ? 0 : d.stats().indexed();
    }

    private @Nullable OpenSearchDestination openSearchDestination() {
        LocalFirehose f = firehose;
        if (f == null || aggregatedSink == null) {
            return null;
        }
        try {
            return (OpenSearchDestination) f.destination(AGGREGATED_STREAM);
        } catch (LogpipeException e) {
            return null;
        }
    }

    private @Nullable BufferingDestination ingestDestination() {
        LocalFirehose f = firehose;
        if (f == null) {
            return null;
        }
        try {
            return (BufferingDestination) f.destination(INGEST_STREAM);
        } catch (LogpipeException e) {
            return null;
        }
    }

    private AgentStatus.@Nullable Flow agentFlow() {
        LogAgent a = agent;
        if (a == null) {
            return null;
        }
        List<AgentStatus.Flow> flows = a.status().flows();
        return flows.isEmpty() ? null : flows.get(0);
    }

    /**
     * Returns the stages' counts and rates, for the status block and the dashboard. Thread-safe.
     *
     * @return the snapshot
     */
    PipelineSnapshot snapshot() {
        AgentStatus.Flow flow = agentFlow();
        BufferingDestination ingest = ingestDestination();
        FirehoseSink sink = aggregatedSink;
        FirehoseSinkStats sinkStats = sink == null ? null : sink.stats();
        ObjectFeed f = feed;
        long written = linesWritten.get();
        long acked = flow == null ? 0 : flow.recordsSent();
        long inS3 = ingest == null ? 0 : ingest.writtenRecords();
        long buffered = ingest == null ? 0 : ingest.pendingRecords();
        long analysed = f == null ? 0 : f.records();
        long rows = forwarder.rows();
        long delivered = sinkStats == null ? 0 : sinkStats.delivered();
        long indexed = indexedDocuments();
        long[] counts = {written, acked, inS3, rows, delivered, indexed};
        double[] perSecond = rates.update(System.nanoTime(), counts);
        List<StageStatus> stages = List.of(
                new StageStatus("generator", "lines written", written, perSecond[0]),
                new StageStatus("agent", "records acknowledged", acked, perSecond[1]),
                new StageStatus("firehose-ingest", "records in s3/", inS3, perSecond[2]),
                new StageStatus("analytics", "result rows emitted", rows, perSecond[3]),
                new StageStatus("firehose-aggregated", "rows delivered", delivered, perSecond[4]),
                new StageStatus("opensearch", "documents indexed", indexed, perSecond[5]));
        String reconciliation = String.format(Locale.ROOT,
                "written %d = acknowledged %d (+%d behind) = in s3/ %d (+%d buffered) = analysed %d; Σ STATUSCOUNT emitted %d",
                written, acked, Math.max(0, written - acked), inS3, buffered, analysed, forwarder.statusCount());
        return new PipelineSnapshot(Instant.now(), stages, reconciliation, timeToFirstAggregate);
    }

    /** What {@code --chaos} injected, for the end of the run; empty without it. */
    String chaosSummary() {
        LocalFirehose fh = firehose;
        if (fh == null || !settings.chaos()) {
            return "";
        }
        var s = fh.stats();
        Chaos c = chaos;
        return String.format(Locale.ROOT, "chaos: %,d records failed, %,d calls throttled, %,d 5xx, %,d connections reset; "
                + "OpenSearch restarted %d time(s)", s.recordsFailed(), s.throttled(), s.serverErrors(), s.resets(),
                c == null ? 0 : c.restarts());
    }

    /** Extra figures for the terminal: objects, faults, errors. */
    String details() {
        AgentStatus.Flow flow = agentFlow();
        ObjectFeed f = feed;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "objects read %d", f == null ? 0 : f.objects()));
        if (flow != null) {
            sb.append(String.format(Locale.ROOT, ", agent send errors %d, rejected lines %d, files behind %d",
                    flow.sendErrors(), flow.linesRejected(), flow.filesBehind()));
        }
        LocalFirehose fh = firehose;
        if (fh != null && settings.chaos()) {
            var s = fh.stats();
            sb.append(String.format(Locale.ROOT, ", faults: %d records failed, %d throttled, %d 5xx, %d resets",
                    s.recordsFailed(), s.throttled(), s.serverErrors(), s.resets()));
        }
        Chaos c = chaos;
        if (c != null && c.restarts() > 0) {
            sb.append(", OpenSearch restarted ").append(c.restarts()).append('x');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops the stages in pipeline order, each once the previous one has handed over what it held,
     * then reconciles.
     *
     * @return the reconciliation
     */
    Reconciliation stop() {
        stopping = true;
        Chaos c = chaos;
        if (c != null) {
            c.stop(); // waits for a restart of OpenSearch in progress, then clears the faults
        }
        // 1. generator: finish the line, flush, close
        GeneratorJob gen = generator;
        if (gen != null) {
            gen.stop();
            join(generatorThread, Duration.ofSeconds(30));
        }
        long written = linesWritten.get();
        step("generator stopped: %,d lines written", written);

        // 2. agent: read to the end of the logs, wait for the acknowledgements, checkpoint
        long behind = drainAgent(written);
        LogAgent a = agent;
        AgentStatus.Flow flow = agentFlow();
        if (a != null) {
            a.close();
            flow = agentFlow();
        }
        long acked = flow == null ? 0 : flow.recordsSent();
        step("agent stopped: %,d records acknowledged, checkpoint written", acked);

        // 3. Firehose #1: write out its buffer, then the analytics read the last objects
        BufferingDestination ingest = ingestDestination();
        if (ingest != null) {
            ingest.flush();
            awaitZero(ingest::pendingRecords);
        }
        long inS3 = ingest == null ? 0 : ingest.writtenRecords();
        join(analyticsStart, Duration.ofMinutes(5)); // Flink still starting: it reads the objects when it is up
        ObjectFeed f = feed;
        if (f != null) {
            long deadline = System.nanoTime() + DRAIN_STALL.toNanos();
            long last = -1;
            while (f.records() + f.malformed() < inS3 && f.failure() == null && System.nanoTime() < deadline) {
                f.scan();
                long read = f.records() + f.malformed();
                if (read != last) { // still catching up: wait as long as it moves
                    last = read;
                    deadline = System.nanoTime() + DRAIN_STALL.toNanos();
                }
                sleep(50);
            }
            f.close();
        }
        step("Firehose #1 flushed: %,d records in %s", inS3, paths.s3());

        // 4. analytics: end the input; the open windows close and their rows go to Firehose #2
        JobSummary summary = null;
        PushedInput in = pushed;
        if (in != null && job != null) {
            in.close();
            try {
                summary = job.await(Duration.ofMinutes(2));
            } catch (LogpipeException e) {
                step("analytics did not finish: %s", e.getMessage());
            }
        }
        step("analytics stopped: %,d result rows emitted (the last windows closed)", job == null ? 0 : job.resultRows());

        // 5. Firehose #2: the producer flushes and waits for the acknowledgements, the destination indexes
        if (aggregatedSink == null && secondStage != null) {
            join(secondStage, Duration.ofMinutes(3)); // OpenSearch still starting: its rows wait for it
        }
        FirehoseSink sink = aggregatedSink;
        FirehoseSinkStats sinkStats = null;
        if (sink != null) {
            sink.close();
            sinkStats = sink.stats();
        }
        OpenSearchDestination dest = openSearchDestination();
        BulkSinkStats esStats = null;
        if (dest != null) {
            dest.flush();
            awaitZero(dest::pendingRecords);
            esStats = dest.stats();
        }
        step("Firehose #2 flushed: %,d documents indexed in %s", esStats == null ? 0 : esStats.indexed(), INDEX);

        // 6. read back what OpenSearch holds
        OpenSearchIndex.Totals gained = OpenSearchIndex.Totals.EMPTY;
        OpenSearchIndex i = index;
        if (i != null && secondStageFailure == null && aggregatedSink != null) {
            try {
                gained = i.totals().minus(baseline);
            } catch (LogpipeException e) {
                step("cannot read %s back: %s", INDEX, e.getMessage());
            }
        }
        Reconciliation.Counts counts = new Reconciliation.Counts(
                written,
                flow == null ? 0 : flow.linesRejected(),
                acked,
                behind,
                vanishedFiles(),
                inS3,
                f == null ? 0 : f.objects(),
                f == null ? 0 : f.records(),
                f == null ? 0 : f.malformed(),
                summary == null ? 0 : summary.lateRecords(),
                job == null ? 0 : job.resultRows(),
                forwarder.statusCount(),
                forwarder.notSent(),
                sinkStats == null ? 0 : sinkStats.delivered(),
                sinkStats == null ? 0 : sinkStats.deadLettered(),
                esStats == null ? 0 : esStats.indexed(),
                esStats == null ? 0 : esStats.failed(),
                gained,
                f == null ? java.util.Map.of() : f.byStatus());
        close();
        return Reconciliation.of(counts);
    }

    /** Waits until the agent has acknowledged every line written, or stops making progress. Returns bytes left. */
    private long drainAgent(long written) {
        long deadline = System.nanoTime() + DRAIN_STALL.toNanos();
        long last = -1;
        while (true) {
            AgentStatus.Flow flow = agentFlow();
            if (flow == null || !flow.running()) {
                return flow == null ? 0 : flow.bytesBehind();
            }
            long done = flow.recordsSent() + flow.linesRejected();
            boolean idle = flow.bytesBehind() == 0 && flow.unacknowledged() == 0;
            if (idle && (done >= written || vanishedFiles() > 0)) {
                return 0; // everything read (what rotation deleted unread can never come)
            }
            if (done != last) {
                last = done;
                deadline = System.nanoTime() + DRAIN_STALL.toNanos();
            } else if (System.nanoTime() > deadline) {
                step("the agent made no progress for %s; stopping it with %,d bytes behind", DRAIN_STALL,
                        flow.bytesBehind());
                return flow.bytesBehind();
            }
            sleep(50);
        }
    }

    /** Rotated logs the agent saw deleted before it had read them to the end (its file-events meter). */
    private long vanishedFiles() {
        var c = registry.find(AgentMetricNames.FILE_EVENTS).tag(AgentMetricNames.TAG_KIND, "vanished").counter();
        return c == null ? 0 : Math.round(c.count());
    }

    private void awaitZero(LongSupplier pending) {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos(); // beyond the 300 s retry duration
        while (pending.getAsLong() > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    private void step(String format, Object... args) {
        log.println("logpipe tutorial: " + String.format(Locale.ROOT, format, args));
        log.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(@Nullable Thread t, Duration timeout) {
        if (t == null) {
            return;
        }
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops whatever still runs, in pipeline order, and every process the pipeline started. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        Chaos c = chaos;
        if (c != null) {
            quietly(c::stop);
        }
        GeneratorJob gen = generator;
        if (gen != null) {
            gen.stop();
            join(generatorThread, Duration.ofSeconds(15));
        }
        LogAgent a = agent;
        if (a != null) {
            quietly(a::close);
        }
        join(analyticsStart, Duration.ofMinutes(5));
        ObjectFeed f = feed;
        if (f != null) {
            quietly(f::close);
        }
        AnalyticsJob j = job;
        if (j != null) {
            quietly(j::close);
        }
        FlinkAnalytics fl = flink;
        flink = null;
        if (fl != null) {
            quietly(fl::close);
        }
        if (secondStage != null && secondStage.isAlive()) {
            secondStage.interrupt();
            join(secondStage, Duration.ofSeconds(10));
        }
        FirehoseSink sink = aggregatedSink;
        if (sink != null) {
            quietly(sink::close);
        }
        LocalFirehose fh = firehose;
        if (fh != null) {
            quietly(fh::close);
        }
        FirehoseAsyncClient cl = client;
        client = null;
        if (cl != null) {
            quietly(cl::close);
        }
        DashboardServer d = dashboard;
        if (d != null) {
            quietly(d::close);
        }
        OpenSearchServer s = server;
        if (s != null) {
            quietly(s::close);
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // closing is best effort: what matters was counted before
        }
    }

    // ---------------------------------------------------------------- helpers

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a port that is taken, naming it and the flag that changes it.
     *
     * @throws TutorialException (exit 2) if the port is in use
     */
    static void checkPortFree(int port, String what, String flag) {
        checkPortFree(port, what, flag, "");
    }

    static void checkPortFree(int port, String what, String flag, String more) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw TutorialException.usage("port " + port + " (" + what + ") is in use on 127.0.0.1: stop what uses it, "
                    + "or choose another port with " + flag + " (0 picks a free one)" + more, e);
        }
    }

    /** Per-second rates of the stages' counts, over the last interval of at least one second. */
    private static final class Rates {
        private long lastNanos;
        private long[] last = new long[0];
        private double[] rates = new double[0];

        synchronized double[] update(long now, long[] counts) {
            if (last.length != counts.length) {
                last = counts.clone();
                lastNanos = now;
                rates = new double[counts.length];
                return rates.clone();
            }
            double seconds = (now - lastNanos) / 1e9;
            if (seconds >= 1.0) {
                for (int i = 0; i < counts.length; i++) {
                    rates[i] = Math.max(0, (counts[i] - last[i]) / seconds);
                }
                last = counts.clone();
                lastNanos = now;
            }
            return rates.clone();
        }
    }
}
