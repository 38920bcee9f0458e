package io.logpipe.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.kinesis.internal.FailedRecordFormat;
import io.logpipe.kinesis.internal.KinesisErrors;
import io.logpipe.model.ErrorCode;
import io.logpipe.sink.Backpressure;
import io.logpipe.sink.BatchResult;
import io.logpipe.sink.BatchStrategy;
import io.logpipe.sink.DeliveryEngine;
import io.logpipe.sink.DeliveryStats;
import io.logpipe.sink.Entry;
import io.logpipe.sink.FailedRecordStore;
import io.logpipe.sink.Failure;
import io.logpipe.sink.FirehoseKeyLayout;
import io.logpipe.sink.RecordSinkBuilder;
import io.logpipe.sink.SingleEntry;
import io.logpipe.sink.SinkBuilder;
import io.logpipe.sink.SinkMetrics;
import io.logpipe.sink.Ticker;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A thread-safe, asynchronous producer of records to one Amazon Kinesis data stream, on the AWS SDK v2
 * {@link KinesisAsyncClient} ({@code PutRecords}).
 *
 * <pre>{@code
 * try (KinesisSink sink = KinesisSink.builder()
 *         .client(kinesisAsyncClient)                 // yours: the sink never closes it
 *         .stream("web-log-stream")
 *         .partitionKeys(PartitionKeyStrategy.random()) // the default
 *         .build()) {
 *     sink.send(line.getBytes(UTF_8))
 *         .whenComplete((ok, error) -> { ... });     // error is a KinesisDeliveryException
 * }                                                  // close() flushes and waits
 * }</pre>
 *
 * <p><b>Batching.</b> Records are gathered into {@code PutRecords} calls of at most
 * {@value #MAX_BATCH_RECORDS} records and {@value #MAX_BATCH_BYTES} bytes, data and partition keys
 * counted, as the service counts them. A batch is sent when it is full, when its oldest record is
 * {@link Builder#linger(Duration) linger} old, or on {@link #flush()}. A record whose data and key
 * exceed {@value #MAX_RECORD_BYTES} bytes is refused by {@link #send(byte[])}
 * ({@link ErrorCode#RECORD_TOO_LARGE}).
 *
 * <p><b>Partition keys.</b> Each record's key comes from the {@link Builder#partitionKeys
 * PartitionKeyStrategy}: by default a random key, which spreads the records over every shard.
 *
 * <p><b>Retries and flow control.</b> {@code PutRecords} answers entry by entry: an entry failed with
 * {@code ProvisionedThroughputExceededException} (the shard's write limit) is throttled, one failed
 * with {@code InternalFailure} retryable; only the failed entries are sent again, matched by index.
 * Throttling halves the sink's in-flight limit, which grows back by one per call answered without it
 * (AIMD). Errors that cannot succeed on retry (no such stream, access denied, KMS key disabled, bad
 * credentials) are never retried. A record given up goes to the {@link Builder#failedRecordStore
 * failed-record store}, then its future fails with a {@link KinesisDeliveryException}. Batching,
 * back-pressure, the retry budget, the backoff, futures and meters are sink-core's
 * {@link DeliveryEngine}, the same in every logpipe sink; a client the sink builds has the SDK's own
 * retries off ({@link KinesisClients}).
 *
 * <p><b>Metrics.</b> {@code logpipe.kinesis.requests}, {@code .records}, {@code .batch.records},
 * {@code .batch.bytes}, {@code .buffer.records} (see {@link KinesisMetricNames}), tagged {@code sink}
 * and {@code stream} with the stream's name.
 *
 * <p><b>Threads and ownership.</b> All methods are thread-safe. Futures complete on the SDK's
 * completion threads or the sink's scheduler: do not block in their callbacks. The sink closes the
 * client and scheduler it created, never those it was given.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html">PutRecords</a>
 */
@API(status = EXPERIMENTAL)
public final class KinesisSink implements AutoCloseable {

    /** The largest record, data and partition key together: {@value} bytes (1 MiB). */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    /** The most records per {@code PutRecords} call: {@value}. */
    public static final int MAX_BATCH_RECORDS = 500;

    /** The most bytes per {@code PutRecords} call, data and partition keys together: {@value} (5 MiB). */
    public static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;

    /** The longest partition key: {@value} Unicode characters. */
    public static final int MAX_PARTITION_KEY_CHARS = 256;

    /** Default {@link Builder#linger}: 1 second. */
    public static final Duration DEFAULT_LINGER = SinkBuilder.DEFAULT_LINGER;

    /** Default {@link Builder#maxInFlightRequests}: {@value}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = RecordSinkBuilder.DEFAULT_MAX_IN_FLIGHT_REQUESTS;

    /** Default {@link Builder#maxBufferedRecords}: {@value}. */
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = RecordSinkBuilder.DEFAULT_MAX_BUFFERED_RECORDS;

    /** Default {@link Builder#maxBufferedBytes}: {@value} (64 MiB). */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = RecordSinkBuilder.DEFAULT_MAX_BUFFERED_BYTES;

    /** Default {@link Builder#blockTimeout}: 60 seconds. */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = SinkBuilder.DEFAULT_BLOCK_TIMEOUT;

    /** Default {@link Builder#maxAttempts}: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = RecordSinkBuilder.DEFAULT_MAX_ATTEMPTS;

    /** Default {@link Builder#maxRetryDuration}: 5 minutes. */
    public static final Duration DEFAULT_MAX_RETRY_DURATION = RecordSinkBuilder.DEFAULT_MAX_RETRY_DURATION;

    /** Default {@link Builder#initialBackoff}: 100 ms. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = SinkBuilder.DEFAULT_INITIAL_BACKOFF;

    /** Default {@link Builder#maxBackoff}: 10 seconds. */
    public static final Duration DEFAULT_MAX_BACKOFF = SinkBuilder.DEFAULT_MAX_BACKOFF;

    /** Default {@link Builder#closeTimeout}: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = SinkBuilder.DEFAULT_CLOSE_TIMEOUT;

    /** Default {@link Builder#failedRecordPrefix}: {@value}. */
    public static final String DEFAULT_FAILED_RECORD_PREFIX = "kinesis-failed/";

    private static final Logger LOG = LoggerFactory.getLogger(KinesisSink.class);

    private final KinesisAsyncClient client;
    private final boolean ownsClient;
    private final String stream;
    private final PartitionKeyStrategy partitionKeys;
    private final Ticker ticker;
    private final DeliveryEngine<KinesisRecord> engine;

    private KinesisSink(Builder b, String stream) {
        this.stream = stream;
        if (b.client != null) {
            this.client = b.client;
            this.ownsClient = false;
        } else {
            this.client = b.newClient();
            this.ownsClient = true;
        }
        this.partitionKeys = b.partitionKeys;
        DeliveryEngine.Builder<KinesisRecord> eb = DeliveryEngine.<KinesisRecord>builder()
                .name(stream)
                .threadName("logpipe-kinesis-" + stream)
                .strategy(new PutRecordsStrategy(b.failedRecordStore, b.failedRecordPrefix))
                .errors(new Errors());
        this.engine = b.engine(eb, SinkMetrics.builder(KinesisMetricNames.COMPONENT, stream)
                        .tags(Tags.of(KinesisMetricNames.TAG_STREAM, stream))
                        .requestDescription("PutRecords call"))
                .build();
        this.ticker = engine.ticker();
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with every option at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the data stream this sink writes to.
     *
     * @return the stream name
     */
    public String stream() {
        return stream;
    }

    /**
     * Sends one record with the key the {@link Builder#partitionKeys strategy} gives it.
     *
     * @param record the record's bytes; the sink keeps the array, do not modify it afterwards
     * @return the record's future (see {@link #send(byte[], String)})
     */
    public CompletableFuture<Void> send(byte[] record) {
        Objects.requireNonNull(record, "record");
        String key;
        try {
            key = partitionKeys.partitionKey(record);
        } catch (RuntimeException e) {
            return engine.reject(new CompletableFuture<>(), ErrorCode.CLIENT_ERROR.value(),
                    "the partition key strategy threw " + e);
        }
        return send(record, key);
    }

    /**
     * Sends one record with the given partition key. Returns at once unless the sink is full and in
     * {@link Backpressure#BLOCK} mode, where it waits for space at most {@link Builder#blockTimeout}.
     *
     * <p>The future completes when the stream stored the record, or exceptionally with a
     * {@link KinesisDeliveryException}: at once if the record is too large
     * ({@link ErrorCode#RECORD_TOO_LARGE}), its key is empty or too long ({@code InvalidPartitionKey}),
     * the sink is full ({@link ErrorCode#BUFFER_FULL}) or closed ({@link ErrorCode#SINK_CLOSED}); later
     * with the service's error code after a non-retryable error or the retry budget, once the record
     * was handed to the failed-record store.
     *
     * @param record the record's bytes; the sink keeps the array, do not modify it afterwards
     * @param partitionKey 1 to {@value #MAX_PARTITION_KEY_CHARS} characters
     * @return the record's future, never {@code null}
     */
    public CompletableFuture<Void> send(byte[] record, String partitionKey) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(partitionKey, "partitionKey");
        if (partitionKey.isEmpty() || partitionKey.codePointCount(0, partitionKey.length()) > MAX_PARTITION_KEY_CHARS) {
            return engine.reject(new CompletableFuture<>(), "InvalidPartitionKey", "partition key of "
                    + partitionKey.length() + " characters; Kinesis takes 1 to " + MAX_PARTITION_KEY_CHARS);
        }
        byte[] key = partitionKey.getBytes(UTF_8);
        long size = (long) record.length + key.length;
        if (size > MAX_RECORD_BYTES) {
            return engine.reject(new CompletableFuture<>(), ErrorCode.RECORD_TOO_LARGE.value(), "record of "
                    + record.length + " bytes with a partition key of " + key.length + " bytes exceeds Kinesis's limit of "
                    + MAX_RECORD_BYTES + " bytes for both; split it");
        }
        KinesisRecord entry = new KinesisRecord(record, partitionKey, (int) size, ticker.read());
        return engine.send(entry, entry.future());
    }

    /**
     * Sends everything buffered now, without waiting for the linger time.
     *
     * @return a future that completes (normally) once every record sent before this call is settled:
     *     delivered, or failed and stored
     */
    public CompletableFuture<Void> flush() {
        return engine.flush();
    }

    /**
     * Returns a snapshot of the sink's counters.
     *
     * @return the engine's counters since the sink was built
     */
    public DeliveryStats stats() {
        return engine.stats();
    }

    /**
     * Stops taking records, flushes, and waits at most {@link Builder#closeTimeout} for every record to
     * settle. Records still unsettled then go to the failed-record store and their futures fail with
     * {@link ErrorCode#SINK_CLOSED}. Closes the client and scheduler if the sink created them, never
     * those passed to its builder. Idempotent; {@link #send} after close returns a failed future.
     */
    @Override
    public void close() {
        if (engine.isClosed()) {
            return;
        }
        try {
            engine.close();
        } finally {
            if (ownsClient) {
                client.close();
            }
        }
    }

    @Override
    public String toString() {
        return "KinesisSink[stream=" + stream + ", " + engine + "]";
    }

    /** One record: its data, its partition key, its size as the service counts it. */
    private static final class KinesisRecord extends SingleEntry {
        final byte[] data;
        final String partitionKey;
        final int size;

        KinesisRecord(byte[] data, String partitionKey, int size, long arrivalNanos) {
            super(arrivalNanos);
            this.data = data;
            this.partitionKey = partitionKey;
            this.size = size;
        }

        @Override
        public int bytes() {
            return size;
        }
    }

    /** The Kinesis part of the engine: one {@code PutRecords} call per batch, answers read by index. */
    private final class PutRecordsStrategy implements BatchStrategy<KinesisRecord> {
        private final @Nullable FailedRecordStore store;
        private final String prefix;

        PutRecordsStrategy(@Nullable FailedRecordStore store, String prefix) {
            this.store = store;
            this.prefix = prefix;
        }

        @Override
        public CompletableFuture<BatchResult> submit(List<KinesisRecord> batch) {
            List<PutRecordsRequestEntry> records = new ArrayList<>(batch.size());
            for (int i = 0, n = batch.size(); i < n; i++) {
                KinesisRecord r = batch.get(i);
                records.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArrayUnsafe(r.data))
                        .partitionKey(r.partitionKey).build());
            }
            CompletableFuture<PutRecordsResponse> call;
            try {
                call = client.putRecords(PutRecordsRequest.builder().streamName(stream).records(records).build());
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.handle((response, error) -> error != null
                    ? BatchResult.failed(KinesisErrors.classify(error)) : read(batch, response));
        }

        private BatchResult read(List<KinesisRecord> batch, PutRecordsResponse response) {
            List<PutRecordsResultEntry> answers = response.records();
            Integer failedCount = response.failedRecordCount();
            if (failedCount != null && failedCount == 0 && answers.size() == batch.size()) {
                return BatchResult.delivered();
            }
            List<@Nullable Failure> each = new ArrayList<>(batch.size());
            int n = Math.min(answers.size(), batch.size());
            for (int i = 0; i < n; i++) {
                PutRecordsResultEntry a = answers.get(i);
                each.add(a.errorCode() == null ? null : KinesisErrors.classifyEntry(a.errorCode(), a.errorMessage()));
            }
            // entries without an answer: the engine sends them again (the service did not say it stored them)
            return BatchResult.perEntry(each);
        }

        @Override
        public Failure classifyUnexpected(Throwable error) {
            return new Failure(Failure.Kind.RETRYABLE, ErrorCode.CLIENT_ERROR.value(), String.valueOf(error), error);
        }

        @Override
        public void onGivenUp(List<KinesisRecord> entries, List<Failure> failures) {
            if (store == null) {
                return;
            }
            Instant wallNow = Instant.now();
            long now = ticker.read();
            List<FailedRecordFormat.Line> lines = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                KinesisRecord e = entries.get(i);
                Failure f = failures.get(i);
                lines.add(new FailedRecordFormat.Line(e.data, e.partitionKey, f.errorCode(), f.errorMessage(),
                        e.attempts(), wallNow.minusNanos(Math.max(0, now - e.arrivalNanos())).toEpochMilli(),
                        wallNow.toEpochMilli()));
            }
            String key = FirehoseKeyLayout.key(prefix, "", stream, wallNow);
            try {
                store.put(key, FailedRecordFormat.toJsonLines(stream, lines));
            } catch (RuntimeException ex) {
                LOG.error("Failed-record store failed; the records are lost [stream={}, records={}, key={}]", stream,
                        lines.size(), key, ex);
            }
        }
    }

    /** The sink's exceptions. */
    private final class Errors implements DeliveryEngine.Errors {
        @Override
        public Throwable rejected(String code, String reason) {
            return new KinesisDeliveryException("Record rejected by the Kinesis sink for stream '" + stream + "': "
                    + reason, ErrorCode.of(code), reason, ErrorCode.BUFFER_FULL.value().equals(code), null);
        }

        @Override
        public Throwable givenUp(Failure f, int attempts, String why) {
            return new KinesisDeliveryException("Record not delivered to Kinesis stream '" + stream + "' after "
                    + attempts + " attempt(s): " + f.errorCode() + ": " + f.errorMessage() + " (" + why
                    + (f.retryable() ? "" : hint(f.errorCode())) + ")",
                    ErrorCode.of(f.errorCode()), f.errorMessage(), f.retryable(), f.cause());
        }
    }

    private static String hint(String code) {
        switch (code) {
            case "ResourceNotFoundException":
                return "; check the stream name and the region, create the stream, or wait until it is ACTIVE";
            case "AccessDeniedException":
            case "UnrecognizedClientException":
            case "InvalidSignatureException":
            case "ExpiredTokenException":
                return "; check the credentials and their kinesis:PutRecords permission";
            case "KMSDisabledException":
            case "KMSInvalidStateException":
            case "KMSAccessDeniedException":
            case "KMSNotFoundException":
            case "KMSOptInRequired":
                return "; check the stream's KMS key and the kms:GenerateDataKey permission";
            default:
                return "";
        }
    }

    /**
     * Builds a {@link KinesisSink}. Only {@link #stream(String)} is required; with no
     * {@link #client(KinesisAsyncClient)} the sink builds (and later closes) its own client with
     * {@link KinesisClients}, from {@link #region}, {@link #endpointOverride} and {@link #credentialsProvider}.
     * The engine settings (batch size, linger, in-flight limit, buffer bounds, back-pressure, retry
     * budget, backoff, close timeout, meters, scheduler, ticker) are sink-core's
     * {@link RecordSinkBuilder}'s, the same on every logpipe sink; each setter checks its value at
     * once. Not thread-safe.
     */
    @API(status = EXPERIMENTAL)
    public static final class Builder extends RecordSinkBuilder<Builder> {
        private @Nullable KinesisAsyncClient client;
        private @Nullable Region region;
        private @Nullable URI endpointOverride;
        private @Nullable AwsCredentialsProvider credentialsProvider;
        private @Nullable String stream;
        private PartitionKeyStrategy partitionKeys = PartitionKeyStrategy.random();
        private @Nullable FailedRecordStore failedRecordStore;
        private String failedRecordPrefix = DEFAULT_FAILED_RECORD_PREFIX;

        private Builder() {
            super(MAX_BATCH_RECORDS, MAX_BATCH_BYTES, MAX_RECORD_BYTES, MAX_BATCH_BYTES);
        }

        /**
         * Sets the client. It stays the caller's: the sink never closes it. Optional. Default: a client
         * {@link KinesisClients} builds, with SDK retries off, closed by the sink.
         *
         * @param client the Kinesis client
         * @return this builder
         */
        public Builder client(KinesisAsyncClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the region of the client the sink builds. Optional. Default: as {@link KinesisClients} chooses.
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Sets the endpoint of the client the sink builds, for example a local server. Optional.
         * Default: the region's Kinesis endpoint.
         *
         * @param endpoint the endpoint URI
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Sets the credentials of the client the sink builds. Optional. Default: dummy credentials for a
         * loopback endpoint, the SDK's default chain otherwise.
         *
         * @param provider the credentials provider
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentialsProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sets the data stream's name. Required.
         *
         * @param name 1 to 128 characters of {@code [a-zA-Z0-9_.-]}
         * @return this builder
         */
        public Builder stream(String name) {
            this.stream = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets how each record's partition key is chosen. Optional. Default: {@link PartitionKeyStrategy#random()}.
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder partitionKeys(PartitionKeyStrategy strategy) {
            this.partitionKeys = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Sets where records given up go: one JSON-lines object per batch given up, in the shape of
         * Firehose's failed records plus {@code streamName} and {@code partitionKey}, under
         * {@code <prefix>YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<uuid>} ({@link FirehoseKeyLayout}).
         * Optional. Default: none (the failed futures are the only report).
         *
         * @param store the store, for example {@link FailedRecordStore#directory}
         * @return this builder
         */
        public Builder failedRecordStore(FailedRecordStore store) {
            this.failedRecordStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the key prefix of the failed-record objects. Optional. Default:
         * {@value KinesisSink#DEFAULT_FAILED_RECORD_PREFIX}.
         *
         * @param prefix the prefix, may be empty
         * @return this builder
         */
        public Builder failedRecordPrefix(String prefix) {
            this.failedRecordPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return a new sink, ready to send
         * @throws IllegalArgumentException if an option is out of range (the message names it)
         * @throws IllegalStateException if no stream was set
         */
        public KinesisSink build() {
            if (stream == null) {
                throw new IllegalStateException("stream is required");
            }
            check(stream.matches("[a-zA-Z0-9_.-]{1,128}"),
                    "stream must be 1-128 characters of [a-zA-Z0-9_.-], was '" + stream + "'");
            checkSettings();
            if (client != null && (region != null || endpointOverride != null || credentialsProvider != null)) {
                throw new IllegalArgumentException("region, endpointOverride and credentialsProvider configure the"
                        + " client the sink builds; with client(...) set, configure that client instead");
            }
            return new KinesisSink(this, stream);
        }

        private KinesisAsyncClient newClient() {
            return KinesisClients.builder().region(region).endpoint(endpointOverride)
                    .credentialsProvider(credentialsProvider)
                    .maxConcurrency(Math.max(KinesisClients.DEFAULT_MAX_CONCURRENCY, maxInFlightRequestsSetting() * 2))
                    .build();
        }

        private <E extends Entry> DeliveryEngine.Builder<E> engine(DeliveryEngine.Builder<E> engine,
                SinkMetrics.Builder metrics) {
            return configure(engine, metrics);
        }
    }
}
