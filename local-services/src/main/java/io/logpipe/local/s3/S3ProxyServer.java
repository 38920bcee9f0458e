package io.logpipe.local.s3;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.local.internal.LocalProcesses;
import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.local.internal.ServerProcess;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A real S3 API server for local runs and tests: <a href="https://github.com/gaul/s3proxy">s3proxy</a>
 * with its filesystem backend, run as a child process on 127.0.0.1.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.builder().build().start()) {
 *     S3Client client = S3Client.builder()
 *             .endpointOverride(s3.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(
 *                     AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>s3proxy ships as one {@code jar-with-dependencies} holding unshaded copies of the AWS SDK,
 * Guava and Jackson, so it never goes on a classpath of ours: it runs in its own JVM (this JVM's
 * {@code java}). The jar is {@code org.gaul:s3proxy:}{@value #VERSION}{@code :jar:jar-with-dependencies}
 * from Maven Central; building {@code local-services} fetches it (see {@link #locateJar()}). Requests
 * are authenticated (AWS signature v2 or v4) with {@link #accessKey()} and {@link #secretKey()};
 * clients must use path-style addressing ({@code forcePathStyle(true)}).
 *
 * <p>{@link #close()} stops the process (SIGTERM, then a kill) and deletes the temporary data
 * directory (a {@link Builder#directory given} one is kept); a JVM shutdown hook stops the process
 * if the owner forgets. Thread-safe: start and close are synchronized.
 */
@API(status = EXPERIMENTAL)
public final class S3ProxyServer implements AutoCloseable {

    /** The s3proxy version logpipe runs: {@value}. */
    public static final String VERSION = "4.1.0";
    /** System property naming the s3proxy jar: {@value}. */
    public static final String JAR_PROPERTY = "logpipe.s3proxy.jar";
    /** Environment variable naming the s3proxy jar: {@value}. */
    public static final String JAR_ENV = "LOGPIPE_S3PROXY_JAR";
    /** The default access key: {@value}. */
    public static final String DEFAULT_ACCESS_KEY = "logpipe-local";
    /** The default secret key: {@value}. */
    public static final String DEFAULT_SECRET_KEY = "logpipe-local-secret";
    /** The default of {@link Builder#startTimeout}: 120 s (a cold JVM on a busy 2-core machine). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    /** How long the process gets after SIGTERM before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final String JAR_NAME = "s3proxy-" + VERSION + "-jar-with-dependencies.jar";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9+/=_\\-]{3,128}");

    private final Path jar;
    private final @Nullable Path givenDirectory;
    private final String accessKey;
    private final String secretKey;
    private final Duration startTimeout;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final ServerProcess process = new ServerProcess("s3proxy", "logpipe-s3proxy-");
    private int port;

    private S3ProxyServer(Builder b) {
        this.jar = b.jar != null ? b.jar : locateJar();
        this.givenDirectory = b.directory;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.startTimeout = b.startTimeout;
        this.port = b.port;
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
     * Finds the s3proxy jar: the system property {@value #JAR_PROPERTY}, the environment variable
     * {@value #JAR_ENV}, the local Maven repository ({@code maven.repo.local} or
     * {@code ~/.m2/repository}), then {@code local-services/target/s3proxy/} seen from the working
     * directory or its parent.
     *
     * @return the jar
     * @throws IllegalStateException if none is found, with the command that fetches it
     */
    public static Path locateJar() {
        List<Path> candidates = new ArrayList<>();
        for (String configured : new String[] {System.getProperty(JAR_PROPERTY), System.getenv(JAR_ENV)}) {
            if (configured != null && !configured.isBlank()) {
                candidates.add(Path.of(configured));
            }
        }
        Path m2 = LocalProcesses.mavenRepository();
        candidates.add(m2.resolve(Path.of("org", "gaul", "s3proxy", VERSION, JAR_NAME)));
        Path cwd = Path.of("").toAbsolutePath();
        for (Path base : new Path[] {cwd, cwd.getParent()}) {
            if (base != null) {
                candidates.add(base.resolve(Path.of("local-services", "target", "s3proxy", JAR_NAME)));
                candidates.add(base.resolve(Path.of("target", "s3proxy", JAR_NAME)));
            }
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the s3proxy " + VERSION + " jar was not found (looked at " + candidates
                + "); fetch it with ./mvnw -pl local-services generate-resources, or name it with -D"
                + JAR_PROPERTY + "=PATH or " + JAR_ENV);
    }

    /**
     * Starts the server and waits until it answers HTTP. Starting a running server does nothing.
     *
     * @return this server
     * @throws LogpipeException if it did not start in time, with the end of its log
     */
    public synchronized S3ProxyServer start() {
        process.start(() -> {
            launch();
            awaitReady();
        });
        return this;
    }

    /**
     * Returns the S3 endpoint.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException before the first start
     */
    public synchronized URI endpoint() {
        return ServerProcess.loopback(port);
    }

    /**
     * Returns the access key id clients sign with.
     *
     * @return the access key
     */
    public String accessKey() {
        return accessKey;
    }

    /**
     * Returns the secret key clients sign with.
     *
     * @return the secret key
     */
    public String secretKey() {
        return secretKey;
    }

    /**
     * Returns the directory the filesystem backend stores buckets in: one subdirectory per bucket,
     * one file per object.
     *
     * @return the directory
     * @throws IllegalStateException before the first start
     */
    public synchronized Path directory() {
        Path workDir = process.existingWorkDir();
        if (workDir == null) {
            throw new IllegalStateException("the server has not been started");
        }
        return givenDirectory != null ? givenDirectory : workDir.resolve("data");
    }

    /**
     * Returns whether the server process is alive.
     *
     * @return {@code true} between a successful {@link #start()} and {@link #close()}
     */
    public synchronized boolean isRunning() {
        return process.isRunning();
    }

    /** Stops the server and deletes its temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        process.close();
    }

    private void launch() throws IOException {
        Path workDir = process.workDir();
        Path data = givenDirectory != null ? givenDirectory : workDir.resolve("data");
        Files.createDirectories(data);
        if (port == 0) {
            port = LocalProcesses.freePort();
        }
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", data.toAbsolutePath().toString());
        Path propsFile = workDir.resolve("s3proxy.properties");
        try (Writer w = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
            props.store(w, "written by logpipe's S3ProxyServer");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString(), "--properties", propsFile.toString())
                .directory(workDir.toFile());
        // the child JVM takes nothing from this one's options (a coverage agent, for example)
        Map<String, String> env = Child.withoutJavaOptions(pb.environment());
        env.put("LOG_LEVEL", "warn");
        env.put("JETTY_LOG_LEVEL", "warn");
        process.launch(pb, workDir.resolve("console.log"), STOP_TIMEOUT);
    }

    private void awaitReady() {
        URI uri = endpoint().resolve("/");
        HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        // any HTTP answer (403 for an unsigned request) means it is serving
        process.child().awaitReady(uri.toString(), startTimeout, Duration.ofMillis(100), () -> {
            http.send(get, HttpResponse.BodyHandlers.discarding());
            return true;
        });
    }

    @Override
    public synchronized String toString() {
        return process.describe("S3ProxyServer", port);
    }

    /** Builds an {@link S3ProxyServer}. Every setting is optional. Not thread-safe. */
    public static final class Builder {
        private @Nullable Path jar;
        private @Nullable Path directory;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private int port;

        private Builder() {
        }

        /**
         * Sets the s3proxy jar. Optional. Default: {@link S3ProxyServer#locateJar()}.
         *
         * @param jar the {@code jar-with-dependencies}
         * @return this builder
         */
        public Builder jar(Path jar) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no s3proxy jar at " + jar);
            }
            this.jar = jar;
            return this;
        }

        /**
         * Sets the directory the buckets are stored in, kept after {@link S3ProxyServer#close()}.
         * Optional. Default: a temporary directory, deleted on close.
         *
         * @param directory the directory, created when missing
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = directory.toAbsolutePath();
            return this;
        }

        /**
         * Sets the port. Optional. Default: a free port chosen at start.
         *
         * @param port 1 to 65535, or 0 for a free port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = ServerProcess.requirePort(port, "port");
            return this;
        }

        /**
         * Sets the credentials clients sign with. Optional. Default: {@value #DEFAULT_ACCESS_KEY} and
         * {@value #DEFAULT_SECRET_KEY}.
         *
         * @param accessKey the access key id, 3 to 128 characters of {@code [A-Za-z0-9+/=_-]}
         * @param secretKey the secret key, likewise
         * @return this builder
         */
        public Builder credentials(String accessKey, String secretKey) {
            for (String k : new String[] {accessKey, secretKey}) {
                if (!KEY.matcher(k).matches()) {
                    throw new IllegalArgumentException("keys must match " + KEY + ", got '" + k + "'");
                }
            }
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /**
         * Sets how long {@link S3ProxyServer#start()} waits for the server. Optional. Default: 120 s.
         *
         * @param startTimeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = ServerProcess.requirePositive(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Builds the server (not started).
         *
         * @return the server
         * @throws IllegalStateException if the s3proxy jar is not found
         */
        public S3ProxyServer build() {
            return new S3ProxyServer(this);
        }
    }
}
