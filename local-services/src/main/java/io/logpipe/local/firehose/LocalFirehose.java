package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Amazon Data Firehose endpoint: an HTTP server speaking Firehose's JSON 1.1 protocol as the
 * AWS SDK sends it, so the real SDK client (and {@code FirehoseSink}) can run offline.
 *
 * <pre>{@code
 * try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir).build().start()) {
 *     firehose.createS3Stream("web-log-ingestion-stream");
 *     firehose.faults().failRate(0.2).throttleRate(0.05);
 *     FirehoseAsyncClient client = FirehoseAsyncClient.builder()
 *             .endpointOverride(firehose.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Operations.</b> {@code CreateDeliveryStream}, {@code DescribeDeliveryStream},
 * {@code ListDeliveryStreams}, {@code DeleteDeliveryStream}, {@code PutRecord} and
 * {@code PutRecordBatch}, routed on {@code X-Amz-Target: Firehose_20150804.<Op>}, with AWS's limits
 * (500 records and 4 MiB per batch, 1,024,000 bytes per record, stream names of 1-64
 * {@code [a-zA-Z0-9_.-]}, 50 streams) and AWS-shaped errors ({@code __type} and {@code message},
 * {@code x-amzn-ErrorType}) that the SDK maps to its exception types. Any request signature is
 * accepted and none is verified. Streams are {@code DirectPut} and {@code ACTIVE} as soon as created.
 *
 * <p><b>Destinations.</b> S3 destinations ({@code ExtendedS3DestinationConfiguration},
 * {@code S3DestinationConfiguration}) write objects under {@link Builder#directory(Path)}: see
 * {@link S3DirectoryDestination}. Other destinations plug in with
 * {@link Builder#destinationFactory(DeliveryDestinationFactory)}.
 *
 * <p><b>Faults.</b> {@link #faults()} injects per-record failures, throttling, server errors,
 * connection resets, latency, stalls and the throughput quota; see {@link FaultInjection}.
 *
 * <p>{@link #close()} stops the server, waits for the calls in progress, and flushes every
 * destination's buffer, so no accepted record is lost. Thread-safe.
 */
@API(status = STABLE)
public final class LocalFirehose implements AutoCloseable {

    /** Default port: {@value} (the port LocalStack used for Firehose). */
    public static final int DEFAULT_PORT = 4573;

    /** Default bind address: {@value}. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default number of request threads: {@value}. */
    public static final int DEFAULT_THREADS = 16;

    /** Default region in ARNs when a request does not name one: {@value}. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** The account id in ARNs and messages: {@value}. */
    public static final String ACCOUNT_ID = "000000000000";

    /** The most delivery streams, as AWS's default per-region quota: {@value}. */
    public static final int MAX_STREAMS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(LocalFirehose.class);

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the client's delayed ACK stalls every call by ~40 ms. Read once, when the JDK's server
        // configuration is first loaded, so set it before any HttpServer is created (unless set).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String host;
    private final int requestedPort;
    private final Path directory;
    private final int threads;
    private final Clock clock;
    private final FaultInjection faults;
    private final Map<String, DeliveryDestinationFactory> factories;
    private final Map<String, DeliveryStreamState> streams = new TreeMap<>();
    private final FirehoseProtocol protocol;
    private final ScheduledThreadPoolExecutor scheduler;
    private @Nullable HttpServer server;
    private @Nullable ThreadPoolExecutor executor;
    private boolean closed;

    private LocalFirehose(Builder b, Path directory) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.directory = directory;
        this.threads = b.threads;
        this.clock = b.clock;
        this.faults = b.faults;
        this.factories = new LinkedHashMap<>();
        for (String key : List.of("ExtendedS3DestinationConfiguration", "S3DestinationConfiguration")) {
            factories.put(key, S3DirectoryDestination.factory(key));
        }
        for (DeliveryDestinationFactory f : b.factories) {
            factories.put(f.configurationKey(), f);
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("logpipe-local-firehose-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.protocol = new FirehoseProtocol(this);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Returns a new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server.
     *
     * @return this, for chaining
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public synchronized LocalFirehose start() {
        if (server != null || closed) {
            throw new IllegalStateException("LocalFirehose can be started once; it is " + (closed ? "closed" : "running"));
        }
        try {
            Files.createDirectories(directory);
            HttpServer s = HttpServer.create(new InetSocketAddress(host, requestedPort), 1024);
            ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemon("logpipe-local-firehose"));
            s.setExecutor(ex);
            s.createContext("/", protocol);
            s.start();
            this.server = s;
            this.executor = ex;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local Firehose endpoint on " + host + ":" + requestedPort
                    + ": " + e.getMessage(), e);
        }
        LOG.debug("Local Firehose started [endpoint={}, directory={}]", endpoint(), directory);
        return this;
    }

    /**
     * Returns the bound port (useful with port 0).
     *
     * @return the port
     * @throws IllegalStateException if not started
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("LocalFirehose is not started");
        }
        return server.getAddress().getPort();
    }

    /**
     * Returns the endpoint URL to give the SDK's {@code endpointOverride}.
     *
     * @return {@code http://host:port}
     * @throws IllegalStateException if not started
     */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port());
    }

    /**
     * Returns the root directory (the stand-in for every S3 bucket).
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the fault injection settings, live.
     *
     * @return the faults
     */
    public FaultInjection faults() {
        return faults;
    }

    /**
     * Returns the counters since start.
     *
     * @return the stats
     */
    public LocalFirehoseStats stats() {
        return protocol.stats();
    }

    /**
     * Creates an S3-destination stream with the default buffering hints (5 MiB, 300 s), as a
     * {@code CreateDeliveryStream} call would.
     *
     * @param name the stream name
     * @return the stream's ARN
     * @throws LocalFirehoseException if the name is invalid or taken
     */
    public String createS3Stream(String name) {
        return createS3Stream(name, "", S3DirectoryDestination.DEFAULT_SIZE_MB, S3DirectoryDestination.DEFAULT_INTERVAL,
                false);
    }

    /**
     * Creates an S3-destination stream.
     *
     * @param name the stream name
     * @param prefix the key prefix, or {@code ""}
     * @param sizeMb the size hint, 1 to 128 MiB
     * @param interval the interval hint, 0 to 900 seconds
     * @param gzip whether objects are GZIP compressed
     * @return the stream's ARN
     * @throws LocalFirehoseException if an argument is invalid or the name taken
     */
    public String createS3Stream(String name, String prefix, int sizeMb, Duration interval, boolean gzip) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("BucketARN", "arn:aws:s3:::local");
        config.put("RoleARN", "arn:aws:iam::" + ACCOUNT_ID + ":role/firehose_delivery_role");
        config.put("Prefix", prefix);
        config.putObject("BufferingHints").put("SizeInMBs", sizeMb).put("IntervalInSeconds", interval.getSeconds());
        config.put("CompressionFormat", gzip ? "GZIP" : "UNCOMPRESSED");
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("DeliveryStreamName", name);
        request.set("ExtendedS3DestinationConfiguration", config);
        return createStream(request, DEFAULT_REGION);
    }

    /**
     * Returns the names of the streams, sorted.
     *
     * @return the names
     */
    public synchronized List<String> streamNames() {
        return new ArrayList<>(streams.keySet());
    }

    /**
     * Returns a stream's destination, for a caller that composes the endpoint with its readers (for
     * example to wait until an {@link S3DirectoryDestination} or another {@link BufferingDestination}
     * has {@linkplain BufferingDestination#pendingRecords() nothing pending}).
     *
     * @param name the stream name
     * @return the destination the stream was created with
     * @throws LocalFirehoseException if there is no such stream
     */
    public synchronized DeliveryDestination destination(String name) {
        DeliveryStreamState s = streams.get(name);
        if (s == null) {
            throw notFound(name);
        }
        return s.destination;
    }

    /**
     * Deletes a stream, flushing its destination first.
     *
     * @param name the stream name
     * @throws LocalFirehoseException if there is no such stream
     */
    public void deleteStream(String name) {
        DeliveryStreamState s;
        synchronized (this) {
            s = streams.remove(name);
        }
        if (s == null) {
            throw notFound(name);
        }
        s.destination.close();
    }

    /** Writes out every destination's buffer now, ignoring buffering hints. */
    public void flush() {
        List<DeliveryStreamState> all;
        synchronized (this) {
            all = new ArrayList<>(streams.values());
        }
        for (DeliveryStreamState s : all) {
            s.destination.flush();
        }
    }

    /**
     * Stops the server, waits for the calls in progress, then flushes and closes every destination.
     * Idempotent.
     */
    @Override
    public void close() {
        HttpServer s;
        ThreadPoolExecutor ex;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
            ex = executor;
        }
        faults.releaseAll();
        if (s != null) {
            s.stop(0);
        }
        if (ex != null) {
            ex.shutdown();
            try {
                if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
                    ex.shutdownNow();
                    ex.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<DeliveryStreamState> all;
        synchronized (this) {
            all = new ArrayList<>(streams.values());
        }
        for (DeliveryStreamState st : all) {
            try {
                st.destination.close();
            } catch (RuntimeException e) {
                LOG.error("Local Firehose destination failed to close [stream={}]", st.name, e);
            }
        }
        scheduler.shutdownNow();
    }

    // ---- used by FirehoseProtocol ----

    synchronized @Nullable DeliveryStreamState stream(String name) {
        return streams.get(name);
    }

    synchronized List<DeliveryStreamState> streamsSnapshot() {
        return new ArrayList<>(streams.values());
    }

    static LocalFirehoseException notFound(String name) {
        return LocalFirehoseException.resourceNotFound("Firehose " + name + " under account " + ACCOUNT_ID
                + " not found.");
    }

    String createStream(JsonNode request, String region) {
        String name = FirehoseProtocol.streamName(request);
        String type = request.path("DeliveryStreamType").asText("DirectPut");
        if (!type.equals("DirectPut")) {
            throw LocalFirehoseException.invalidArgument("DeliveryStreamType " + type
                    + " is not supported by the local endpoint; use DirectPut");
        }
        java.util.Map<String, String> tags = FirehoseProtocol.tags(request.path("Tags"));
        DeliveryDestinationFactory factory = null;
        JsonNode configuration = null;
        List<String> unsupported = new ArrayList<>();
        for (var it = request.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.endsWith("DestinationConfiguration")) {
                continue;
            }
            DeliveryDestinationFactory f = factories.get(field);
            if (f == null) {
                unsupported.add(field);
            } else if (factory != null) {
                throw LocalFirehoseException.invalidArgument("Only one destination configuration is allowed, got "
                        + factory.configurationKey() + " and " + field);
            } else {
                factory = f;
                configuration = request.get(field);
            }
        }
        if (factory == null) {
            throw LocalFirehoseException.invalidArgument(unsupported.isEmpty()
                    ? "A destination configuration is required (ExtendedS3DestinationConfiguration, ...)"
                    : unsupported.get(0) + " is not supported by the local endpoint; supported: " + factories.keySet());
        }
        synchronized (this) {
            if (closed) {
                throw new LocalFirehoseException("ServiceUnavailableException", 503, "The endpoint is shutting down.");
            }
            if (streams.containsKey(name)) {
                throw new LocalFirehoseException("ResourceInUseException", 400,
                        "Firehose " + name + " under accountId " + ACCOUNT_ID + " already exists");
            }
            if (streams.size() >= MAX_STREAMS) {
                throw new LocalFirehoseException("LimitExceededException", 400,
                        "You have already consumed your limit of " + MAX_STREAMS + " Firehose delivery streams");
            }
            DeliveryDestination destination = factory.create(
                    new DestinationContext(name, directory, clock, scheduler),
                    Objects.requireNonNull(configuration, "set with factory"));
            String arn = "arn:aws:firehose:" + region + ":" + ACCOUNT_ID + ":deliverystream/" + name;
            streams.put(name, new DeliveryStreamState(name, arn, clock.instant(), destination, tags));
            return arn;
        }
    }

    /** Builds a {@link LocalFirehose}. Only {@link #directory(Path)} is required. */
    @API(status = STABLE)
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private @Nullable Path directory;
        private int threads = DEFAULT_THREADS;
        private Clock clock = Clock.systemUTC();
        private FaultInjection faults = new FaultInjection();
        private final List<DeliveryDestinationFactory> factories = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the port; 0 picks a free one. Optional. Default: {@value LocalFirehose#DEFAULT_PORT}.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the bind address. Optional. Default: {@value LocalFirehose#DEFAULT_HOST}.
         *
         * @param host the address or host name
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the directory S3 destinations write to (created if missing). Required.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the number of request threads. Optional. Default: {@value LocalFirehose#DEFAULT_THREADS}.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets the clock for object keys and timestamps. Optional. Default: the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the fault injection settings (they stay live through {@link LocalFirehose#faults()}).
         * Optional. Default: no faults.
         *
         * @param faults the faults
         * @return this builder
         */
        public Builder faults(FaultInjection faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * Adds a destination type, replacing any factory with the same configuration key. Optional.
         * Default: the S3 directory destination only.
         *
         * @param factory the factory
         * @return this builder
         */
        public Builder destinationFactory(DeliveryDestinationFactory factory) {
            this.factories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Builds the endpoint (not started: call {@link LocalFirehose#start()}).
         *
         * @return the endpoint
         * @throws IllegalStateException if no directory was set
         */
        public LocalFirehose build() {
            if (directory == null) {
                throw new IllegalStateException("directory is required");
            }
            return new LocalFirehose(this, directory);
        }
    }
}
