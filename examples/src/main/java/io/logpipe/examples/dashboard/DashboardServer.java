package io.logpipe.examples.dashboard;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the tutorial's chart as a live page on 127.0.0.1: requests per minute by HTTP status from
 * the aggregated index, refreshed every few seconds, plus an optional pipeline panel and the
 * Prometheus scrape endpoint.
 *
 * <pre>{@code
 * try (DashboardServer server = DashboardServer.builder()
 *         .opensearch(URI.create("http://127.0.0.1:9200"))
 *         .index("request_data")
 *         .port(5601)
 *         .build()) {
 *     server.start();
 *     System.out.println("open " + server.url());
 * }
 * }</pre>
 *
 * <p>The page and its chart library (uPlot, from its WebJar) are served from the classpath, so the
 * page works offline. The browser talks only to this server: the server runs the aggregation
 * ({@code date_histogram} on {@code DATETIME}, {@code terms} on {@code STATUS}, {@code sum} of
 * {@code STATUSCOUNT}) and answers compact JSON. The query string accepts only {@code range} with one
 * of {@code 15m}, {@code 1h}, {@code 24h}, {@code all}; the index is fixed when the server is built.
 *
 * <p>Endpoints: {@code /} the page; {@code /api/config}; {@code /api/series?range=1h};
 * {@code /api/pipeline} (only with {@link Builder#pipelineStatus}); {@code /metrics} in the Prometheus
 * text format (only with {@link Builder#meterRegistry}); {@code /assets/*}.
 *
 * <p>Thread-safe. {@link #close()} stops the server and its threads; the meter registry and the
 * pipeline supplier belong to the caller and are not closed.
 */
@API(status = EXPERIMENTAL)
public final class DashboardServer implements AutoCloseable {

    /** The index the tutorial's aggregates go to: {@value}. */
    public static final String DEFAULT_INDEX = "request_data";
    /** Kibana's port, where the tutorial's users looked at the chart: {@value}. */
    public static final int DEFAULT_PORT = 5601;
    /** How often the page refreshes the chart: 5 seconds. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);
    /** How long one OpenSearch query may take: 10 seconds. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final OpenSearchClient opensearch;
    private final String index;
    private final int requestedPort;
    private final @Nullable Supplier<PipelineSnapshot> pipelineStatus;
    private final @Nullable PrometheusMeterRegistry prometheus;
    private final Duration refreshInterval;
    private final Clock clock;
    private final Map<String, Asset> assets;
    private final Map<Outcome, Timer> queryTimers = new EnumMap<>(Outcome.class);
    private final Map<String, Counter> requestCounters = new HashMap<>();
    private volatile String statusField = StatusHistogramQuery.STATUS_FIELD;
    /** The bound port once started; read by request threads, also while closing. */
    private volatile int boundPort = -1;

    private final Object lock = new Object();
    private @Nullable HttpServer server;
    private @Nullable ExecutorService executor;
    private boolean closed;

    private DashboardServer(Builder b) {
        this.opensearch = new OpenSearchClient(Objects.requireNonNull(b.opensearch, "opensearch"), b.queryTimeout);
        this.index = b.index;
        this.requestedPort = b.port;
        this.pipelineStatus = b.pipelineStatus;
        this.prometheus = b.meterRegistry;
        this.refreshInterval = b.refreshInterval;
        this.clock = b.clock;
        this.assets = loadAssets();
        MeterRegistry registry = b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry();
        for (Outcome o : Outcome.values()) {
            queryTimers.put(o, Timer.builder(DashboardMetricNames.QUERIES)
                    .description("The chart's OpenSearch aggregations, by outcome")
                    .tag(DashboardMetricNames.OUTCOME, o.tag)
                    .register(registry));
        }
        for (String endpoint : new String[] {"page", "asset", "api", "metrics", "other"}) {
            requestCounters.put(endpoint, Counter.builder(DashboardMetricNames.REQUESTS)
                    .description("HTTP requests the dashboard answered, by endpoint")
                    .tag(DashboardMetricNames.ENDPOINT, endpoint)
                    .register(registry));
        }
    }

    /**
     * Returns a new builder.
     *
     * @return a builder; {@link Builder#opensearch(URI)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds 127.0.0.1 and starts serving. Calling it again on a running server does nothing.
     *
     * @return this server
     * @throws DashboardException when the port is in use (the message names it), or the server was closed
     */
    public DashboardServer start() {
        synchronized (lock) {
            if (closed) {
                throw new DashboardException("the dashboard server was closed; build a new one", null, false);
            }
            if (server != null) {
                return this;
            }
            HttpServer s;
            try {
                s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
            } catch (BindException e) {
                throw new DashboardException("port " + requestedPort + " on 127.0.0.1 is in use (another dashboard, "
                        + "Kibana or OpenSearch Dashboards?): pass another port, or 0 for a free one", e, false);
            } catch (IOException e) {
                throw new DashboardException("cannot listen on 127.0.0.1:" + requestedPort + ": " + e.getMessage(), e, false);
            }
            AtomicInteger n = new AtomicInteger();
            ExecutorService ex = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "logpipe-dashboard-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(ex);
            s.createContext("/", this::handle);
            boundPort = s.getAddress().getPort();
            s.start();
            server = s;
            executor = ex;
            LOG.debug("Dashboard started [url={}, opensearch={}, index={}]", url(), opensearch.shown(), index);
            return this;
        }
    }

    /**
     * Returns the page's address, {@code http://127.0.0.1:PORT/}.
     *
     * @return the URL of the page
     * @throws IllegalStateException before {@link #start()}
     */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /**
     * Returns the port the server listens on (the chosen one when built with port 0).
     *
     * @return the port
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("the dashboard server is not started: call start() first");
            }
            return server.getAddress().getPort();
        }
    }

    /**
     * Returns the OpenSearch URL the chart reads from, without credentials.
     *
     * @return for example {@code http://127.0.0.1:9200}
     */
    public String opensearchUrl() {
        return opensearch.shown();
    }

    /**
     * Stops serving and ends the server's threads. Answers in progress are cut: the page retries on
     * its next refresh, and waiting for a browser's idle keep-alive connections would only delay.
     */
    @Override
    public void close() {
        HttpServer s;
        ExecutorService ex;
        synchronized (lock) {
            closed = true;
            s = server;
            ex = executor;
            server = null;
            executor = null;
        }
        if (s != null) {
            s.stop(0);
        }
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "DashboardServer[opensearch=" + opensearch.shown() + ", index=" + index + ", port=" + requestedPort
                + ", pipeline=" + (pipelineStatus != null) + ", metrics=" + (prometheus != null) + "]";
    }

    // ---------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                dispatch(ex);
            } catch (RuntimeException e) {
                LOG.warn("Dashboard request failed [path={}]", ex.getRequestURI().getRawPath(), e);
                sendText(ex, 500, "internal error: " + e);
            }
        }
    }

    /** The query timer of an outcome: the constructor made one per {@link Outcome}. */
    private Timer timer(Outcome outcome) {
        return Objects.requireNonNull(queryTimers.get(outcome), outcome.name());
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String endpoint = endpointOf(path);
        Objects.requireNonNull(requestCounters.get(endpoint), endpoint).increment(); // one counter per endpointOf value
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
            // a page elsewhere cannot reach this server through DNS rebinding
            sendText(ex, 403, "use http://127.0.0.1:" + boundPort + "/ to open the dashboard");
            return;
        }
        if (!"GET".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "GET");
            sendText(ex, 405, "only GET is supported");
            return;
        }
        switch (path) {
            case "/":
            case "/index.html":
                sendAsset(ex, Objects.requireNonNull(assets.get("/"), "loadAssets() maps /"), true);
                return;
            case "/api/config":
                sendJson(ex, 200, this::writeConfig);
                return;
            case "/api/series":
                series(ex);
                return;
            case "/api/pipeline":
                pipeline(ex);
                return;
            case "/metrics":
                metrics(ex);
                return;
            default:
                Asset asset = assets.get(path);
                if (asset != null) {
                    sendAsset(ex, asset, false);
                } else {
                    sendText(ex, 404, "not found: the dashboard is at /");
                }
        }
    }

    private static String endpointOf(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return "page";
        }
        if (path.startsWith("/assets/")) {
            return "asset";
        }
        if (path.startsWith("/api/")) {
            return "api";
        }
        return path.equals("/metrics") ? "metrics" : "other";
    }

    private boolean hostAllowed(@Nullable String host) {
        if (host == null) {
            return true;   // HTTP/1.0 clients such as some scrapers
        }
        int port = boundPort;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port)
                || (port == 80 && (h.equals("127.0.0.1") || h.equals("localhost")));
    }

    private void series(HttpExchange ex) throws IOException {
        TimeRange range;
        try {
            range = rangeOf(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            sendJson(ex, 400, g -> {
                g.writeStringField("state", "error");
                g.writeStringField("message", e.getMessage());
            });
            return;
        }
        Instant now = clock.instant();
        Timer.Sample sample = Timer.start();
        StatusHistogram histogram;
        try {
            histogram = query(range, now);
        } catch (DashboardException e) {
            sample.stop(timer(Outcome.ERROR));
            LOG.debug("Dashboard query failed [index={}]: {}", index, e.getMessage());
            sendJson(ex, 502, g -> {
                g.writeStringField("state", "error");
                g.writeStringField("index", index);
                g.writeStringField("range", range.key());
                g.writeStringField("message", e.getMessage());
            });
            return;
        }
        boolean empty = histogram.total() == 0;
        sample.stop(timer(empty ? Outcome.EMPTY : Outcome.DATA));
        sendJson(ex, 200, g -> {
            g.writeStringField("state", empty ? "empty" : "data");
            g.writeStringField("index", index);
            g.writeStringField("range", range.key());
            g.writeStringField("rangeText", range.description());
            g.writeNumberField("now", now.toEpochMilli());
            // the tutorial's window is one minute of arrival time: the first aggregate closes at the next minute
            g.writeNumberField("nextWindowCloses", StatusHistogramQuery.floor(now, Duration.ofMinutes(1))
                    .plus(Duration.ofMinutes(1)).toEpochMilli());
            histogram.writeFields(g);
        });
    }

    /** Returns the range of a query string that may hold only {@code range=…}; default 1 h. */
    static TimeRange rangeOf(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return TimeRange.LAST_HOUR;
        }
        TimeRange range = null;
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!key.equals("range")) {
                throw new IllegalArgumentException("the only parameter is range (" + TimeRange.keys() + ")");
            }
            if (range != null) {
                throw new IllegalArgumentException("range is given twice");
            }
            range = TimeRange.of(value);
        }
        return Objects.requireNonNull(range);
    }

    /** Runs the chart's query, falling back to {@code STATUS.keyword} when {@code STATUS} was indexed as text. */
    StatusHistogram query(TimeRange range, Instant now) {
        StatusHistogramQuery.Window window;
        if (range == TimeRange.ALL) {
            Instant[] span = StatusHistogramQuery.parseSpan(opensearch.search(index, StatusHistogramQuery.spanBody()));
            if (span == null) {
                window = StatusHistogramQuery.window(TimeRange.LAST_HOUR, now);
                return new StatusHistogram(window, List.of(), null);
            }
            window = StatusHistogramQuery.windowFor(span[0], span[1]);
        } else {
            window = StatusHistogramQuery.window(range, now);
        }
        String field = statusField;
        JsonNode answer;
        try {
            answer = opensearch.search(index, StatusHistogramQuery.histogramBody(window, field));
        } catch (DashboardException e) {
            String m = String.valueOf(e.getMessage());
            if (!field.equals(StatusHistogramQuery.STATUS_FIELD) || !(m.contains("Text fields are not optimised")
                    || m.contains("fielddata"))) {
                throw e;
            }
            statusField = StatusHistogramQuery.STATUS_KEYWORD_FIELD;
            answer = opensearch.search(index, StatusHistogramQuery.histogramBody(window,
                    StatusHistogramQuery.STATUS_KEYWORD_FIELD));
        }
        try {
            return StatusHistogramQuery.parse(answer, window);
        } catch (IllegalArgumentException e) {
            throw new DashboardException("OpenSearch at " + opensearch.shown() + " answered the chart's query on "
                    + index + " without the expected aggregation (" + e.getMessage() + ")", e, false);
        }
    }

    private void writeConfig(JsonGenerator g) throws IOException {
        g.writeStringField("index", index);
        g.writeStringField("opensearch", opensearch.shown());
        g.writeNumberField("refreshMs", refreshInterval.toMillis());
        g.writeBooleanField("pipeline", pipelineStatus != null);
        g.writeBooleanField("metrics", prometheus != null);
        g.writeStringField("defaultRange", TimeRange.LAST_HOUR.key());
        g.writeArrayFieldStart("ranges");
        for (TimeRange r : TimeRange.values()) {
            g.writeStartObject();
            g.writeStringField("key", r.key());
            g.writeStringField("text", r.description());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void pipeline(HttpExchange ex) throws IOException {
        Supplier<PipelineSnapshot> supplier = pipelineStatus;
        if (supplier == null) {
            sendJson(ex, 404, g -> g.writeStringField("message", "no pipeline panel: this dashboard was started on its own"));
            return;
        }
        PipelineSnapshot snapshot;
        try {
            snapshot = supplier.get();
        } catch (RuntimeException e) {
            LOG.warn("Pipeline status supplier failed", e);
            sendJson(ex, 500, g -> g.writeStringField("message", "the pipeline status is not available: " + e));
            return;
        }
        if (snapshot == null) {
            sendJson(ex, 503, g -> g.writeStringField("message", "the pipeline has not reported yet"));
            return;
        }
        sendJson(ex, 200, g -> writeSnapshot(g, snapshot));
    }

    static void writeSnapshot(JsonGenerator g, PipelineSnapshot snapshot) throws IOException {
        g.writeNumberField("takenAt", snapshot.takenAt().toEpochMilli());
        g.writeArrayFieldStart("stages");
        for (StageStatus s : snapshot.stages()) {
            g.writeStartObject();
            g.writeStringField("stage", s.stage());
            g.writeStringField("label", s.label());
            g.writeNumberField("count", s.count());
            g.writeNumberField("perSecond", Double.isFinite(s.perSecond()) ? s.perSecond() : 0);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("reconciliation", snapshot.reconciliation());
        Duration first = snapshot.timeToFirstAggregate();
        if (first == null) {
            g.writeNullField("timeToFirstAggregateMs");
        } else {
            g.writeNumberField("timeToFirstAggregateMs", first.toMillis());
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        PrometheusMeterRegistry registry = prometheus;
        if (registry == null) {
            sendText(ex, 404, "no /metrics: this dashboard was started without a meter registry");
            return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, body);
    }

    // ------------------------------------------------------------------------------------ answers

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static void sendJson(HttpExchange ex, int status, Fields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, status, out.toByteArray());
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(ex, status, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void sendAsset(HttpExchange ex, Asset asset, boolean page) throws IOException {
        ex.getResponseHeaders().set("Content-Type", asset.type());
        if (page) {
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
        } else {
            ex.getResponseHeaders().set("Cache-Control", "max-age=300");
        }
        send(ex, 200, asset.bytes());
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    // ------------------------------------------------------------------------------------- assets

    private record Asset(byte[] bytes, String type) {
    }

    private static final String RESOURCES = "/io/logpipe/examples/dashboard/";

    private static Map<String, Asset> loadAssets() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        Map<String, Asset> m = new HashMap<>();
        m.put("/", asset(RESOURCES + "index.html", "text/html; charset=utf-8"));
        m.put("/assets/dashboard.js", asset(RESOURCES + "dashboard.js", "text/javascript; charset=utf-8"));
        m.put("/assets/dashboard.css", asset(RESOURCES + "dashboard.css", "text/css; charset=utf-8"));
        m.put("/assets/favicon.svg", asset(RESOURCES + "favicon.svg", "image/svg+xml"));
        m.put("/assets/uPlot.iife.min.js", asset(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"));
        m.put("/assets/uPlot.min.css", asset(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
        m.put("/assets/uPlot.LICENSE", asset(uplot + "../LICENSE", "text/plain; charset=utf-8"));
        return Map.copyOf(m);
    }

    /** Returns the uPlot version of the WebJar on the classpath, from its Maven metadata. */
    static String uplotVersion() {
        try (InputStream in = DashboardServer.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return Objects.requireNonNull(p.getProperty("version"), "version in uplot pom.properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset asset(String resource, String type) {
        String normalized = URI.create("file:" + resource).normalize().getPath();
        try (InputStream in = DashboardServer.class.getResourceAsStream(normalized)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + normalized + " is missing from the classpath");
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private enum Outcome {
        DATA("data"), EMPTY("empty"), ERROR("error");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    // ------------------------------------------------------------------------------------ builder

    /** Builds a {@link DashboardServer}. Not thread-safe. */
    public static final class Builder {
        private @Nullable URI opensearch;
        private String index = DEFAULT_INDEX;
        private int port = DEFAULT_PORT;
        private @Nullable Supplier<PipelineSnapshot> pipelineStatus;
        private @Nullable PrometheusMeterRegistry meterRegistry;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the OpenSearch (or Elasticsearch) the chart's data comes from. Required. User info in
         * the URL is sent as HTTP basic auth and never shown.
         *
         * @param url for example {@code http://127.0.0.1:9200}
         * @return this builder
         * @throws IllegalArgumentException when it is not an http or https URL
         */
        public Builder opensearch(URI url) {
            Objects.requireNonNull(url, "opensearch");
            new OpenSearchClient(url, DEFAULT_QUERY_TIMEOUT);   // validates
            this.opensearch = url;
            return this;
        }

        /**
         * Sets the index or index pattern holding the aggregates. Default: {@value #DEFAULT_INDEX}.
         *
         * @param index for example {@code request_data} or {@code request_data*} (Firehose's rotation)
         * @return this builder
         * @throws IllegalArgumentException when it is not a valid OpenSearch index name or pattern
         */
        public Builder index(String index) {
            this.index = IndexNames.check("index", Objects.requireNonNull(index, "index"));
            return this;
        }

        /**
         * Sets the port on 127.0.0.1. Default: {@value #DEFAULT_PORT}; 0 picks a free port.
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException outside 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535 (0 picks a free one), was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Shows the pipeline panel, filled from this supplier on every refresh. Optional: without it
         * there is no panel. Called from the server's threads: it must be thread-safe and fast.
         *
         * @param supplier returns the current snapshot
         * @return this builder
         */
        public Builder pipelineStatus(Supplier<PipelineSnapshot> supplier) {
            this.pipelineStatus = Objects.requireNonNull(supplier, "pipelineStatus");
            return this;
        }

        /**
         * Serves this registry at {@code /metrics} in the Prometheus text format, and records the
         * dashboard's own meters in it. Optional: without it there is no {@code /metrics}.
         *
         * @param registry the caller's registry; not closed by the server
         * @return this builder
         */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /**
         * Sets how often the page refreshes. Default: 5 seconds.
         *
         * @param interval 100 ms to 10 minutes
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder refreshInterval(Duration interval) {
            Objects.requireNonNull(interval, "refreshInterval");
            if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("refreshInterval must be 100 ms..10 min, was " + interval);
            }
            this.refreshInterval = interval;
            return this;
        }

        /**
         * Sets how long one OpenSearch query may take. Default: 10 seconds.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder queryTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "queryTimeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("queryTimeout must be positive, was " + timeout);
            }
            this.queryTimeout = timeout;
            return this;
        }

        /**
         * Sets the clock that decides "now" for the ranges. Default: the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the server (not started yet).
         *
         * @return the server
         * @throws NullPointerException when {@link #opensearch(URI)} was not set
         */
        public DashboardServer build() {
            if (opensearch == null) {
                throw new NullPointerException("opensearch is required: the URL of the OpenSearch holding the index");
            }
            return new DashboardServer(this);
        }
    }
}
