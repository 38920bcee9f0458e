package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.firehose.internal.ErrorClassifier;
import io.logpipe.sink.Backpressure;
import io.logpipe.sink.BatchResult;
import io.logpipe.sink.BatchStrategy;
import io.logpipe.sink.DeliveryEngine;
import io.logpipe.sink.DeliveryStats;
import io.logpipe.sink.Entry;
import io.logpipe.sink.Failure;
import io.logpipe.sink.PackedEntry;
import io.logpipe.sink.RecordSinkBuilder;
import io.logpipe.sink.RetryBudget;
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
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * A thread-safe, asynchronous producer of records to one Amazon Data Firehose delivery stream, on
 * the AWS SDK v2 {@link FirehoseAsyncClient}.
 *
 * <pre>{@code
 * try (FirehoseSink sink = FirehoseSink.builder()
 *         .client(firehoseAsyncClient)              // yours: the sink never closes it
 *         .deliveryStream("web-log-ingestion-stream")
 *         .linger(Duration.ofSeconds(1))
 *         .build()) {
 *     sink.send(line.getBytes(UTF_8))
 *         .whenComplete((ok, error) -> { ... });  // error is a FirehoseDeliveryException
 * }                                               // close() flushes and waits
 * }</pre>
 *
 * <p><b>Batching.</b> Records are gathered into {@code PutRecordBatch} calls of at most
 * {@value #MAX_BATCH_RECORDS} records and {@value #MAX_BATCH_BYTES} bytes (the service limits, or
 * smaller if configured). A batch is sent when it is full, when the next record would not fit, when
 * its oldest record is {@link Builder#linger(Duration) linger} old, or on {@link #flush()}. A record
 * larger than {@value #MAX_RECORD_BYTES} bytes is rejected by {@link #send(byte[])}, unless record
 * packing is on, which splits it at line boundaries.
 *
 * <p><b>Retries.</b> A call answered with {@code FailedPutCount > 0} is retried with only its failed
 * entries, matched by index; successful entries are never sent twice by the sink. Failed calls and
 * entries are retried after an exponential backoff with jitter ({@link Builder#initialBackoff},
 * {@link Builder#maxBackoff}), within a budget of {@link Builder#maxAttempts attempts} and
 * {@link Builder#maxRetryDuration time} counted from the record's first attempt (one
 * {@link RetryBudget}; a retry never waits past its end). Errors that cannot succeed on retry
 * ({@code ResourceNotFoundException}, access denied, invalid argument, bad credentials, a
 * misconfigured client) are never retried. A record given up goes to the
 * {@link Builder#deadLetterHandler dead-letter handler}, then its future fails with a
 * {@link FirehoseDeliveryException} carrying the last error code. Duplicates remain possible where
 * the protocol allows them: a call that timed out or whose connection dropped after the service
 * processed it is retried.
 *
 * <p><b>Flow control.</b> At most {@link Builder#maxInFlightRequests} calls are in flight; the limit
 * is halved on throttling and grows back by one per call answered without throttling (AIMD). The records held by the
 * sink (buffered, in flight or waiting to be retried) are bounded by
 * {@link Builder#maxBufferedRecords} and {@link Builder#maxBufferedBytes}; when the bound is reached,
 * {@code send} blocks or fails fast, as chosen with {@link Builder#backpressure}.
 *
 * <p><b>SDK retries.</b> A client the sink builds itself has the SDK's own retries turned off: the
 * sink retries with its own budget, sees every throttle (to cut its in-flight limit), and retries
 * only the failed entries, where the SDK would re-send a whole call. A client passed in is used as
 * configured; its retries then run underneath the sink's.
 *
 * <p><b>Engine.</b> The sink is an adapter of the shared {@link DeliveryEngine} (module
 * {@code sink-core}): it turns records into {@code PutRecordBatch} calls and classifies each
 * answer entry; batching, flow control, retries, futures and meters are the engine's, the same in
 * every logpipe sink. Meters are named {@code logpipe.firehose.*} (see {@link FirehoseMetricNames})
 * and tagged {@code sink} and {@code stream}, both the delivery stream's name.
 *
 * <p><b>Threads and ownership.</b> All methods are thread-safe. Futures complete on the SDK's
 * completion threads or the sink's scheduler: do not block in their callbacks (use the
 * {@code ...Async} variants to move work elsewhere). The sink closes the client and scheduler it
 * created, and never those it was given.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html">PutRecordBatch</a>
 */
@API(status = STABLE)
public final class FirehoseSink implements AutoCloseable {

    /** The largest record Firehose accepts, before base64: {@value} bytes. */
    public static final int MAX_RECORD_BYTES = 1_024_000;

    /** The most records per {@code PutRecordBatch} call: {@value}. */
    public static final int MAX_BATCH_RECORDS = 500;

    /** The most bytes per {@code PutRecordBatch} call: {@value} (4 MiB). */
    public static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    /** Default {@link Builder#maxBatchRecords}: {@value}. */
    public static final int DEFAULT_MAX_BATCH_RECORDS = MAX_BATCH_RECORDS;

    /** Default {@link Builder#maxBatchBytes}: {@value}. */
    public static final long DEFAULT_MAX_BATCH_BYTES = MAX_BATCH_BYTES;

    /** Default {@link Builder#linger}: 1 second. */
    public static final Duration DEFAULT_LINGER = SinkBuilder.DEFAULT_LINGER;

    /** Default {@link Builder#maxInFlightRequests}: {@value}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = RecordSinkBuilder.DEFAULT_MAX_IN_FLIGHT_REQUESTS;

    /** Default {@link Builder#maxBufferedRecords}: {@value}. */
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = RecordSinkBuilder.DEFAULT_MAX_BUFFERED_RECORDS;

    /** Default {@link Builder#maxBufferedBytes}: {@value} (64 MiB). */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = RecordSinkBuilder.DEFAULT_MAX_BUFFERED_BYTES;

    /** Default {@link Builder#backpressure}: {@link Backpressure#BLOCK}. */
    public static final Backpressure DEFAULT_BACKPRESSURE = SinkBuilder.DEFAULT_BACKPRESSURE;

    /** Default {@link Builder#blockTimeout}: 60 seconds (the Kinesis Agent's full-queue wait). */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = SinkBuilder.DEFAULT_BLOCK_TIMEOUT;

    /** Default {@link Builder#maxAttempts}: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = RecordSinkBuilder.DEFAULT_MAX_ATTEMPTS;

    /** Default {@link Builder#maxRetryDuration}: 5 minutes. */
    public static final Duration DEFAULT_MAX_RETRY_DURATION = RecordSinkBuilder.DEFAULT_MAX_RETRY_DURATION;

    /** Default {@link Builder#initialBackoff}: 100 ms (the Kinesis Agent's). */
    public static final Duration DEFAULT_INITIAL_BACKOFF = SinkBuilder.DEFAULT_INITIAL_BACKOFF;

    /** Default {@link Builder#maxBackoff}: 10 seconds (the Kinesis Agent's). */
    public static final Duration DEFAULT_MAX_BACKOFF = SinkBuilder.DEFAULT_MAX_BACKOFF;

    /** Default {@link Builder#closeTimeout}: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = SinkBuilder.DEFAULT_CLOSE_TIMEOUT;


    private static final Logger LOG = LoggerFactory.getLogger(FirehoseSink.class);

    private final FirehoseAsyncClient client;
    private final boolean ownsClient;
    private final String stream;
    private final int recordPackingBytes;
    private final @Nullable Packer packer;
    private final DeliveryEngine<Entry> engine;
    private final Ticker ticker;
    private final LongAdder billedBytes = new LongAdder();

    private FirehoseSink(Builder b, String stream) {
        this.stream = stream;
        if (b.client != null) {
            this.client = b.client;
            this.ownsClient = false;
        } else {
            this.client = b.newClient();
            this.ownsClient = true;
        }
        this.recordPackingBytes = b.recordPackingBytes;
        Packer[] packerHolder = new Packer[1];
        DeliveryEngine.Builder<Entry> eb = b.engine(DeliveryEngine.<Entry>builder()
                .name(stream)
                .threadName("logpipe-firehose-" + stream)
                .strategy(new PutRecordBatchStrategy(b.deadLetterHandler))
                .errors(new Errors()), SinkMetrics.builder(FirehoseMetricNames.COMPONENT, stream)
                        .tags(Tags.of(FirehoseMetricNames.TAG_STREAM, stream))
                        .requestDescription("PutRecordBatch call"));
        if (recordPackingBytes > 0) {
            eb.assembler(emit -> packerHolder[0] = new Packer(recordPackingBytes, emit));
        }
        this.engine = eb.build();
        this.ticker = engine.ticker();
        this.packer = packerHolder[0];
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
     * Returns the delivery stream this sink writes to.
     *
     * @return the stream name
     */
    public String deliveryStream() {
        return stream;
    }

    /**
     * Sends one record. Returns at once unless the sink is full and in {@link Backpressure#BLOCK}
     * mode, where it waits for space at most {@link Builder#blockTimeout} long.
     *
     * <p>The future completes when Firehose accepted the record (with record packing, when every
     * packed record holding a piece of it was accepted), or exceptionally with a
     * {@link FirehoseDeliveryException}: at once if the record is too large
     * ({@link FirehoseDeliveryException#RECORD_TOO_LARGE}), the sink is full
     * ({@link FirehoseDeliveryException#BUFFER_FULL}) or closed
     * ({@link FirehoseDeliveryException#SINK_CLOSED}); later with the service's error code after a
     * non-retryable error or the retry budget, once the record was handed to the dead-letter handler.
     *
     * @param record the record's bytes, at most {@value #MAX_RECORD_BYTES} unless packing is on; the
     *     sink keeps the array, do not modify it afterwards
     * @return the record's future, never {@code null}
     */
    public CompletableFuture<Void> send(byte[] record) {
        Objects.requireNonNull(record, "record");
        if (packer == null) {
            if (record.length > MAX_RECORD_BYTES) {
                return engine.reject(new CompletableFuture<>(), FirehoseDeliveryException.RECORD_TOO_LARGE, "record of "
                        + record.length + " bytes exceeds Firehose's limit of " + MAX_RECORD_BYTES
                        + " bytes; split it, or turn on recordPacking to split at line boundaries");
            }
            // read the clock and allocate before the engine's lock: its critical section stays a few field updates
            Packer.Single single = new Packer.Single(record, ticker.read());
            return engine.send(single, single.future());
        }
        List<byte[]> pieces = Packer.pieces(record, recordPackingBytes, MAX_RECORD_BYTES);
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (pieces == null) {
            return engine.reject(future, FirehoseDeliveryException.RECORD_TOO_LARGE, "record of " + record.length
                    + " bytes has a line longer than Firehose's limit of " + MAX_RECORD_BYTES + " bytes");
        }
        Packer p = packer;
        return engine.sendAssembled(future, record.length, now -> {
            PackedEntry.Member m = new PackedEntry.Member(future, record.length, pieces.size());
            for (byte[] piece : pieces) {
                p.add(piece, m, now);
            }
        });
    }

    /**
     * Sends everything buffered now, without waiting for the linger time.
     *
     * @return a future that completes (normally) once every record sent before this call is settled:
     *     delivered, or failed and dead-lettered
     */
    public CompletableFuture<Void> flush() {
        return engine.flush();
    }

    /**
     * Returns a snapshot of the sink's counters.
     *
     * @return the counters since the sink was built
     */
    public FirehoseSinkStats stats() {
        DeliveryStats s = engine.stats();
        return new FirehoseSinkStats(s.accepted(), s.delivered(), s.retried(), s.failed(), s.rejected(), s.requests(),
                s.deliveredEntries(), s.deliveredBytes(), billedBytes.sum(), s.pending());
    }

    /**
     * Stops taking records, flushes, and waits at most {@link Builder#closeTimeout} for every record
     * to settle. Records still unsettled then are handed to the dead-letter handler and their futures
     * fail with {@link FirehoseDeliveryException#SINK_CLOSED}. Closes the client and scheduler if the
     * sink created them, never those passed to its builder. Idempotent; {@link #send} after close
     * returns a future failed with {@link FirehoseDeliveryException#SINK_CLOSED}.
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
        return "FirehoseSink[stream=" + stream + ", recordPacking=" + recordPackingBytes + ", " + engine + "]";
    }

    private static byte[] data(Entry e) {
        return e instanceof Packer.Single ? ((Packer.Single) e).data : ((Packer.Packed) e).data;
    }

    /** The Firehose part of the engine: one {@code PutRecordBatch} call per batch, answers read by index. */
    private final class PutRecordBatchStrategy implements BatchStrategy<Entry> {
        private final DeadLetterHandler deadLetterHandler;

        PutRecordBatchStrategy(DeadLetterHandler deadLetterHandler) {
            this.deadLetterHandler = deadLetterHandler;
        }

        @Override
        public CompletableFuture<BatchResult> submit(List<Entry> batch) {
            List<Record> records = new ArrayList<>(batch.size());
            for (int i = 0, n = batch.size(); i < n; i++) {
                records.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(data(batch.get(i)))).build());
            }
            CompletableFuture<PutRecordBatchResponse> call;
            try {
                call = client.putRecordBatch(
                        PutRecordBatchRequest.builder().deliveryStreamName(stream).records(records).build());
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.handle((response, error) -> error != null
                    ? BatchResult.failed(ErrorClassifier.classify(error)) : read(batch, response));
        }

        private BatchResult read(List<Entry> batch, PutRecordBatchResponse response) {
            List<PutRecordBatchResponseEntry> answers = response.requestResponses();
            Integer failedCount = response.failedPutCount();
            if (failedCount != null && failedCount == 0 && answers.size() == batch.size()) {
                return BatchResult.delivered();
            }
            List<@Nullable Failure> each = new ArrayList<>(batch.size());
            int n = Math.min(answers.size(), batch.size());
            for (int i = 0; i < n; i++) {
                PutRecordBatchResponseEntry a = answers.get(i);
                each.add(a.errorCode() == null ? null : ErrorClassifier.classifyEntry(a.errorCode(), a.errorMessage()));
            }
            // entries without an answer: the engine sends them again (the service did not say it stored them)
            return BatchResult.perEntry(each);
        }

        @Override
        public Failure classifyUnexpected(Throwable error) {
            return new Failure(Failure.Kind.RETRYABLE, FirehoseDeliveryException.CLIENT_ERROR, String.valueOf(error),
                    error);
        }

        @Override
        public boolean observesDelivered() {
            return true;
        }

        @Override
        public void onDelivered(List<Entry> entries) {
            long billed = 0;
            for (int i = 0, n = entries.size(); i < n; i++) {
                billed += FirehoseBilling.billedBytes(entries.get(i).bytes());
            }
            billedBytes.add(billed);
        }

        @Override
        public void onGivenUp(List<Entry> entries, List<Failure> failures) {
            Instant wallNow = Instant.now();
            long now = ticker.read();
            List<DeadLetter> letters = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                Failure f = failures.get(i);
                letters.add(new DeadLetter(stream, data(e), f.errorCode(), f.errorMessage(), e.attempts(),
                        wallNow.minusNanos(Math.max(0, now - e.arrivalNanos())), wallNow));
            }
            LOG.debug("Firehose records given up [stream={}, firehoseRecords={}]", stream, letters.size());
            try {
                deadLetterHandler.handle(letters);
            } catch (RuntimeException ex) {
                LOG.error("Dead-letter handler failed; the records are lost [stream={}, records={}]", stream,
                        letters.size(), ex);
            }
        }
    }

    /** The sink's exceptions, with the codes and hints of {@link FirehoseDeliveryException}. */
    private final class Errors implements DeliveryEngine.Errors {
        @Override
        public Throwable rejected(String code, String reason) {
            return new FirehoseDeliveryException("Record rejected by the Firehose sink for stream '" + stream + "': "
                    + reason, code, reason, FirehoseDeliveryException.BUFFER_FULL.equals(code), null);
        }

        @Override
        public Throwable givenUp(Failure f, int attempts, String why) {
            String reason = f.retryable() || FirehoseDeliveryException.SINK_CLOSED.equals(f.errorCode()) ? why
                    : why + hint(f.errorCode());
            return new FirehoseDeliveryException("Record not delivered to Firehose stream '" + stream + "' after "
                    + attempts + " attempt(s): " + f.errorCode() + ": " + f.errorMessage() + " (" + reason + ")",
                    f.errorCode(), f.errorMessage(), f.retryable(), f.cause());
        }
    }

    private static String hint(String code) {
        switch (code) {
            case "ResourceNotFoundException":
                return "; check the delivery stream name and the region, or create the stream";
            case "AccessDeniedException":
            case "UnrecognizedClientException":
            case "InvalidSignatureException":
            case "ExpiredTokenException":
                return "; check the credentials and their firehose:PutRecordBatch permission";
            default:
                return "";
        }
    }

    /**
     * Builds a {@link FirehoseSink}. Only {@link #deliveryStream(String)} is required; with no
     * {@link #client(FirehoseAsyncClient)} the sink builds (and later closes) its own client from
     * {@link #region(Region)}, {@link #endpointOverride(URI)} and {@link #credentialsProvider}, or
     * the SDK's default chains. The engine settings (batch size, linger, in-flight limit, buffer
     * bounds, back-pressure, retry budget, backoff, close timeout, meters, scheduler, ticker) are
     * sink-core's {@link RecordSinkBuilder}'s, the same on every logpipe sink; each setter checks its
     * value at once. Not thread-safe.
     */
    @API(status = STABLE)
    public static final class Builder extends RecordSinkBuilder<Builder> {
        private @Nullable FirehoseAsyncClient client;
        private @Nullable Region region;
        private @Nullable URI endpointOverride;
        private @Nullable AwsCredentialsProvider credentialsProvider;
        private @Nullable String deliveryStream;
        private DeadLetterHandler deadLetterHandler = DeadLetterHandler.NONE;
        private int recordPackingBytes;

        private Builder() {
            super(MAX_BATCH_RECORDS, DEFAULT_MAX_BATCH_BYTES, 1, MAX_BATCH_BYTES);
        }

        /**
         * Sets the client to use. It stays the caller's: the sink never closes it. Optional. Default:
         * a client the sink builds, with SDK retries off, and closes.
         *
         * @param client the Firehose client
         * @return this builder
         */
        public Builder client(FirehoseAsyncClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the region of the client the sink builds. Optional. Default: as {@link FirehoseClients}
         * chooses (the endpoint's region, the SDK's region chain, then us-east-1).
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Sets the endpoint of the client the sink builds, for example a local Firehose endpoint.
         * Optional. Default: the region's Firehose endpoint.
         *
         * @param endpoint the endpoint URI
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Sets the credentials of the client the sink builds. Optional. Default: as {@link FirehoseClients}
         * chooses (dummy credentials for a loopback endpoint, the SDK's default chain otherwise).
         *
         * @param provider the credentials provider
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentialsProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sets the delivery stream name. Required.
         *
         * @param name 1 to 64 characters of {@code [a-zA-Z0-9_.-]}
         * @return this builder
         */
        public Builder deliveryStream(String name) {
            this.deliveryStream = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets where records given up go. Optional. Default: {@link DeadLetterHandler#NONE} (the
         * failed futures are the only report).
         *
         * @param handler the dead-letter handler
         * @return this builder
         */
        public Builder deadLetterHandler(DeadLetterHandler handler) {
            this.deadLetterHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Turns on record packing: records are treated as newline-terminated lines (a newline is
         * added to a record without one) and packed into Firehose records of at most {@code bytes},
         * which cuts the bill (see {@link FirehoseBilling}); a record larger than that is split at line
         * boundaries. Only for destinations that read lines (S3); with OpenSearch, one Firehose record
         * must stay one document. Optional. Default: 0 (off).
         *
         * @param bytes 0 (off), or 1 to {@value FirehoseSink#MAX_RECORD_BYTES}
         * @return this builder
         */
        public Builder recordPacking(int bytes) {
            this.recordPackingBytes = bytes;
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return a new sink, ready to send
         * @throws IllegalArgumentException if an option is out of range (the message names it)
         * @throws IllegalStateException if no delivery stream was set
         */
        public FirehoseSink build() {
            if (deliveryStream == null) {
                throw new IllegalStateException("deliveryStream is required");
            }
            if (!deliveryStream.matches("[a-zA-Z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("deliveryStream must be 1-64 characters of [a-zA-Z0-9_.-], was '"
                        + deliveryStream + "'");
            }
            checkSettings();
            check(recordPackingBytes >= 0 && recordPackingBytes <= MAX_RECORD_BYTES,
                    "recordPacking must be 0 (off) or 1.." + MAX_RECORD_BYTES + ", was " + recordPackingBytes);
            if (client != null && (region != null || endpointOverride != null || credentialsProvider != null)) {
                throw new IllegalArgumentException("region, endpointOverride and credentialsProvider configure the"
                        + " client the sink builds; with client(...) set, configure that client instead");
            }
            return new FirehoseSink(this, deliveryStream);
        }

        private FirehoseAsyncClient newClient() {
            // one factory for every Firehose client logpipe builds: SDK retries off (the sink retries itself,
            // entry by entry and within its own budget), dummy credentials for a loopback endpoint
            return FirehoseClients.builder().region(region).endpoint(endpointOverride)
                    .credentialsProvider(credentialsProvider)
                    .maxConcurrency(Math.max(FirehoseClients.DEFAULT_MAX_CONCURRENCY, maxInFlightRequestsSetting() * 2))
                    .build();
        }

        private <E extends Entry> DeliveryEngine.Builder<E> engine(DeliveryEngine.Builder<E> engine,
                SinkMetrics.Builder metrics) {
            return configure(engine, metrics);
        }
    }
}
