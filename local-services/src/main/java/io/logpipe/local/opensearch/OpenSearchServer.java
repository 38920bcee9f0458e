package io.logpipe.local.opensearch;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.local.internal.LocalProcesses;
import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.local.internal.ServerProcess;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenSearch server, run as a separate process on 127.0.0.1 from the
 * {@link OpenSearchDistribution}.
 *
 * <pre>{@code
 * try (OpenSearchServer server = OpenSearchServer.builder().build().start()) {
 *     URI url = server.url(); // http://127.0.0.1:<free port>
 *     ...
 * }
 * }</pre>
 *
 * <p>Each server copies the distribution into its own temporary directory. OpenSearch refuses to
 * run as root, so when this JVM runs as root the copy (and the data directory) is handed to
 * {@code nobody:nogroup} and started through {@code setpriv --reuid=nobody --regid=nogroup
 * --clear-groups}; the repository may then sit anywhere, even where only root can enter. The server
 * runs on this JVM's Java ({@code OPENSEARCH_JAVA_HOME}), single-node, with HTTP and transport bound
 * to 127.0.0.1 only on free ports (or a given HTTP port), the disk watermarks off (a nearly full
 * disk would otherwise make indices read-only) and a small heap. Readiness is
 * {@code GET /_cluster/health} answering 200.
 *
 * <p>{@link #stop()} sends SIGTERM and waits, then kills; a JVM shutdown hook does the same if the
 * owner forgets. A stopped server can be {@link #start() started} again on the same ports and data:
 * tests use that to restart it under a running sink. {@link #close()} stops it and deletes the
 * temporary directory (a persistent {@link Builder#dataDirectory} is kept).
 *
 * <p>Thread-safe: start and stop are synchronized.
 */
@API(status = STABLE)
public final class OpenSearchServer implements AutoCloseable {

    /** The default heap of the server JVM ({@code -Xms} and {@code -Xmx}): {@value}. */
    public static final String DEFAULT_HEAP = "512m";
    /** The default of {@link Builder#startTimeout}: 180 s (a cold start on a busy 2-core machine). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);
    /** The default of {@link Builder#stopTimeout}: 30 s before the process is killed. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The oldest Java that runs this OpenSearch: {@value}. */
    public static final int MIN_JAVA = 11;
    /** The newest Java that runs this OpenSearch: {@value} (Java 24 removed the Security Manager it needs). */
    public static final int MAX_JAVA = 23;
    /** The environment variable naming the Java to run OpenSearch on, as OpenSearch's own scripts read it. */
    public static final String JAVA_HOME_ENV = "OPENSEARCH_JAVA_HOME";

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchServer.class);
    private static final Pattern SAFE_SETTING = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final OpenSearchDistribution distribution;
    private final Map<String, String> settings;
    private final String heap;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final @Nullable Path persistentData;
    private final Path javaHome;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ServerProcess process = new ServerProcess("OpenSearch", "logpipe-opensearch-");
    private int httpPort;
    private int transportPort;

    private OpenSearchServer(Builder b) {
        this.distribution = b.distribution != null ? b.distribution : OpenSearchDistribution.locate();
        this.settings = new LinkedHashMap<>(b.settings);
        this.heap = b.heap;
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.persistentData = b.dataDirectory;
        this.httpPort = b.httpPort;
        this.javaHome = b.javaHome != null ? b.javaHome : findJava(System.getenv(JAVA_HOME_ENV),
                Path.of(System.getProperty("java.home")));
    }

    /**
     * Returns the Java installation the server runs on.
     *
     * @return its home directory
     */
    public Path javaHome() {
        return javaHome;
    }

    /**
     * Returns the feature version of a Java installation, from its {@code release} file.
     *
     * @param home the installation's home
     * @return for example 17, or -1 if it cannot be told
     */
    static int javaFeature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                Matcher m = Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)").matcher(line);
                if (m.lookingAt()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // not a JDK we can tell
        }
        return -1;
    }

    private static boolean runsOpenSearch(Path home) {
        int v = javaFeature(home);
        return v >= MIN_JAVA && v <= MAX_JAVA && Files.isExecutable(home.resolve("bin").resolve("java"));
    }

    /**
     * Finds a Java that runs OpenSearch: {@value #JAVA_HOME_ENV} if set, else this JVM's, else one
     * installed beside it (for example another JDK under {@code /usr/lib/jvm}), newest first.
     */
    static Path findJava(@Nullable String fromEnv, Path current) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            if (!runsOpenSearch(p)) {
                throw new IllegalStateException(JAVA_HOME_ENV + "=" + fromEnv + " is not a Java " + MIN_JAVA + " to "
                        + MAX_JAVA + " (found " + describe(p) + "), which OpenSearch " + OpenSearchDistribution.VERSION
                        + " needs: point it at a JDK 17 or 21");
            }
            return p;
        }
        if (runsOpenSearch(current)) {
            return current;
        }
        Path parent = current.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> list = Files.list(parent)) {
                list.filter(Files::isDirectory).filter(OpenSearchServer::runsOpenSearch).forEach(candidates::add);
            } catch (IOException | UncheckedIOException e) {
                // nothing beside it
            }
        }
        candidates.sort(Comparator.comparingInt(OpenSearchServer::javaFeature).reversed()
                .thenComparing(Comparator.naturalOrder()));
        if (candidates.isEmpty()) {
            throw new IllegalStateException("OpenSearch " + OpenSearchDistribution.VERSION + " needs Java " + MIN_JAVA
                    + " to " + MAX_JAVA + " (Java 24 removed the Security Manager it uses); this JVM is "
                    + describe(current) + " and no such JDK is installed beside it" + (parent == null ? "" : " in " + parent)
                    + ": install JDK 17 or 21, or set " + JAVA_HOME_ENV + " to one");
        }
        return candidates.get(0);
    }

    private static String describe(Path home) {
        int v = javaFeature(home);
        return (v < 0 ? "an unknown Java" : "Java " + v) + " at " + home;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server and waits until it answers {@code /_cluster/health}. Starting a running
     * server does nothing.
     *
     * @return this server
     * @throws LogpipeException if it did not start in time, with the end of its log
     */
    public synchronized OpenSearchServer start() {
        long started = System.nanoTime();
        if (process.start(() -> {
            prepare();
            launch();
            awaitReady();
        })) {
            LOG.debug("OpenSearch started [url={}, millis={}]", url(), (System.nanoTime() - started) / 1_000_000);
        }
        return this;
    }

    /**
     * Stops the server (SIGTERM, then a kill after the stop timeout). The temporary directory and the
     * ports are kept, so {@link #start()} brings the same server back.
     */
    public synchronized void stop() {
        process.stop();
    }

    /** Stops the server and deletes its temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        process.close();
    }

    /**
     * Returns whether the server process is alive.
     *
     * @return {@code true} between a successful {@link #start()} and {@link #stop()}
     */
    public synchronized boolean isRunning() {
        return process.isRunning();
    }

    /**
     * Returns the HTTP URL.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException before the first start
     */
    public synchronized URI url() {
        return ServerProcess.loopback(httpPort);
    }

    /**
     * Returns the HTTP port.
     *
     * @return the port, or 0 before the first start with a free port
     */
    public synchronized int httpPort() {
        return httpPort;
    }

    /**
     * Returns the server's console log (stdout and stderr of the process).
     *
     * @return the log file, or {@code null} before the first start
     */
    public synchronized @Nullable Path logFile() {
        Path workDir = process.existingWorkDir();
        return workDir == null ? null : workDir.resolve("console.log");
    }

    /**
     * Sends a request and returns the answer's body, whatever its status.
     *
     * @param method the HTTP method
     * @param path the path and query, for example {@code /my-index/_count}
     * @param jsonBody the JSON body, or {@code null}
     * @return the status and body
     * @throws LogpipeException if the server does not answer
     */
    public HttpResponse<String> request(String method, String path, @Nullable String jsonBody) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        try {
            return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LogpipeException("OpenSearch at " + url() + " did not answer " + method + " " + path + ": " + e, e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpipeException("interrupted", e, true);
        }
    }

    /**
     * Refreshes the given indices and returns their document count (0 when none exists).
     *
     * @param indexPattern an index name or pattern, for example {@code access-logs*}
     * @return the number of documents
     * @throws LogpipeException if the server answers an error
     */
    public long count(String indexPattern) {
        String lenient = "?ignore_unavailable=true&allow_no_indices=true";
        request("POST", "/" + indexPattern + "/_refresh" + lenient, null);
        HttpResponse<String> r = request("GET", "/" + indexPattern + "/_count" + lenient, null);
        Matcher m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new LogpipeException("count of " + indexPattern + " failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    private void prepare() throws IOException {
        if (process.existingWorkDir() == null) {
            Path workDir = process.workDir();
            distribution.installTo(workDir.resolve("opensearch"));
            Files.createDirectories(workDir.resolve("data"));
            Files.createDirectories(workDir.resolve("logs"));
            Files.createDirectories(workDir.resolve("tmp"));
        }
        if (persistentData != null) {
            Files.createDirectories(persistentData);
        }
        Path workDir = process.workDir();
        if (runningAsRoot()) {
            chownToNobody(workDir);
            if (persistentData != null) {
                for (Path p = persistentData.getParent(); p != null; p = p.getParent()) {
                    if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                        throw new IOException("the data directory " + persistentData + " is inside " + p
                                + ", which the user nobody (who runs OpenSearch for root) cannot enter: "
                                + "choose a directory elsewhere, e.g. under /tmp or /var/tmp");
                    }
                }
                chownToNobody(persistentData);
            }
        }
        if (httpPort == 0) {
            httpPort = LocalProcesses.freePort();
        }
        if (transportPort == 0) {
            transportPort = LocalProcesses.freePort();
        }
    }

    private void launch() throws IOException {
        Path workDir = process.workDir();
        Path home = workDir.resolve("opensearch");
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        cmd.add(home.resolve("bin").resolve("opensearch").toString());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cluster.name", "logpipe-local");
        all.put("node.name", "logpipe-local-0");
        all.put("discovery.type", "single-node");
        all.put("network.host", "127.0.0.1");
        all.put("http.port", Integer.toString(httpPort));
        all.put("transport.port", Integer.toString(transportPort));
        all.put("path.data", (persistentData != null ? persistentData : workDir.resolve("data")).toString());
        all.put("path.logs", workDir.resolve("logs").toString());
        all.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        all.put("action.auto_create_index", "true");
        all.putAll(settings);
        all.forEach((k, v) -> {
            cmd.add("-E");
            cmd.add(k + "=" + v);
        });
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        // the server's JVM takes nothing from this one's environment (a coverage agent, for example)
        Map<String, String> env = Child.withoutJavaOptions(pb.environment());
        for (String v : List.of("JAVA_HOME", "OPENSEARCH_PATH_CONF", "OPENSEARCH_JAVA_OPTS", "ES_JAVA_OPTS")) {
            env.remove(v);
        }
        env.put(JAVA_HOME_ENV, javaHome.toString());
        env.put("OPENSEARCH_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap + " -XX:-HeapDumpOnOutOfMemoryError");
        env.put("OPENSEARCH_TMPDIR", workDir.resolve("tmp").toString());
        env.put("HOME", workDir.toString());
        process.launch(pb, workDir.resolve("console.log"), stopTimeout);
    }

    private void awaitReady() {
        URI health = url().resolve("/_cluster/health");
        HttpRequest get = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build();
        process.child().awaitReady(health.toString(), startTimeout, Duration.ofMillis(250), () -> {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && !r.body().contains("\"status\":\"red\"");
        });
    }

    static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer && (Integer) uid == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void chownToNobody(Path dir) throws IOException {
        Process chown = new ProcessBuilder("chown", "-R", "nobody:nogroup", dir.toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(chown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (chown.waitFor() != 0) {
                throw new IOException("chown -R nobody:nogroup " + dir + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted in chown", e);
        }
    }

    @Override
    public synchronized String toString() {
        return process.describe("OpenSearchServer", httpPort);
    }

    /** Builds an {@link OpenSearchServer}. Every setting is optional. Not thread-safe. */
    public static final class Builder {
        private @Nullable OpenSearchDistribution distribution;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String heap = DEFAULT_HEAP;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private @Nullable Path dataDirectory;
        private @Nullable Path javaHome;
        private int httpPort;

        private Builder() {
        }

        /**
         * Sets the Java the server runs on. Optional. Default: {@value #JAVA_HOME_ENV} if set, else this
         * JVM's if it is Java {@value #MIN_JAVA} to {@value #MAX_JAVA}, else such a JDK installed beside
         * this one.
         *
         * @param javaHome a Java {@value #MIN_JAVA} to {@value #MAX_JAVA} home directory
         * @return this builder
         * @throws IllegalArgumentException if it is not such a Java
         */
        public Builder javaHome(Path javaHome) {
            Path home = requireNonNull(javaHome, "javaHome").toAbsolutePath();
            if (!runsOpenSearch(home)) {
                throw new IllegalArgumentException("OpenSearch " + OpenSearchDistribution.VERSION + " needs Java "
                        + MIN_JAVA + " to " + MAX_JAVA + " (Java 24 removed the Security Manager it uses); " + home
                        + " is " + describe(home).replace(" at " + home, "") + ": use a JDK 17 or 21");
            }
            this.javaHome = home;
            return this;
        }

        /**
         * Sets the distribution. Optional. Default: {@link OpenSearchDistribution#locate()}.
         *
         * @param distribution the distribution
         * @return this builder
         */
        public Builder distribution(OpenSearchDistribution distribution) {
            this.distribution = requireNonNull(distribution, "distribution");
            return this;
        }

        /**
         * Sets an OpenSearch setting ({@code -E key=value}), for example
         * {@code thread_pool.write.queue_size} or {@code http.max_content_length}. Optional.
         *
         * @param key the setting name
         * @param value its value
         * @return this builder
         */
        public Builder setting(String key, String value) {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            if (!SAFE_SETTING.matcher(key).matches()) {
                throw new IllegalArgumentException("setting name must match " + SAFE_SETTING + ", got '" + key + "'");
            }
            settings.put(key, value);
            return this;
        }

        /**
         * Sets the JVM heap ({@code -Xms} = {@code -Xmx}). Optional. Default: {@value #DEFAULT_HEAP}.
         *
         * @param heap for example {@code 512m} or {@code 1g}
         * @return this builder
         */
        public Builder heap(String heap) {
            if (!heap.matches("\\d+[kmgKMG]")) {
                throw new IllegalArgumentException("heap must look like 512m or 1g, got '" + heap + "'");
            }
            this.heap = heap;
            return this;
        }

        /**
         * Sets the HTTP port. Optional. Default: a free port chosen at the first start.
         *
         * @param httpPort 1 to 65535, or 0 for a free port
         * @return this builder
         */
        public Builder httpPort(int httpPort) {
            this.httpPort = ServerProcess.requirePort(httpPort, "httpPort");
            return this;
        }

        /**
         * Sets a persistent data directory, kept after {@link #close()}. Optional. Default: a
         * temporary one, deleted on close. When running as root it is handed to {@code nobody}, and
         * every directory above it must be enterable by that user.
         *
         * @param dataDirectory the directory, created when missing
         * @return this builder
         */
        public Builder dataDirectory(@Nullable Path dataDirectory) {
            this.dataDirectory = dataDirectory == null ? null : dataDirectory.toAbsolutePath();
            return this;
        }

        /**
         * Sets how long {@link OpenSearchServer#start()} waits for readiness. Optional. Default: 180 s.
         *
         * @param startTimeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = ServerProcess.requirePositive(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Sets how long {@link OpenSearchServer#stop()} waits before killing. Optional. Default: 30 s.
         *
         * @param stopTimeout positive
         * @return this builder
         */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = ServerProcess.requirePositive(stopTimeout, "stopTimeout");
            return this;
        }

        /**
         * Builds the server (not started).
         *
         * @return the server
         * @throws IllegalStateException if no distribution is found, or no Java that runs it
         */
        public OpenSearchServer build() {
            return new OpenSearchServer(this);
        }
    }
}
