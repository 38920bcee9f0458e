package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.flink.internal.FirehoseResultWriter;
import io.logpipe.firehose.FirehoseClients;
import io.logpipe.firehose.FirehoseSink;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A Flink sink (Sink V2) that sends each result row, a JSON object, as one record to an Amazon Data
 * Firehose delivery stream through logpipe's {@link FirehoseSink} on the real AWS SDK: batching,
 * retries of only the failed entries, back-pressure and the SDK client are firehose-sink's.
 *
 * <pre>{@code
 * rows.sinkTo(FirehoseResultSink.builder().deliveryStream("web-log-aggregated-data").build());
 * }</pre>
 *
 * <p><b>Records.</b> Each row's JSON followed by a newline ({@code \n}), so a Firehose S3 destination
 * stores JSON lines, and an OpenSearch destination indexes one document per record.
 *
 * <p><b>Guarantee: at least once.</b> The writer flushes the sink and waits for every record's
 * acknowledgement before each checkpoint barrier passes and at the end of a bounded input, so a completed
 * checkpoint means every row before it is in Firehose. After a failure Flink replays the rows since the
 * last checkpoint: Firehose may then hold some rows twice (Firehose has no idempotent put).
 *
 * <p><b>Failures fail the job.</b> When the writer opens it asks Firehose for the stream
 * ({@code DescribeDeliveryStream}; a role without that permission skips the check), so a wrong endpoint,
 * region, credentials or stream name fails at once with a message naming them; a record that firehose-sink
 * gives up on (a non-retryable error, or {@link Builder#maxRetryDuration} spent) fails the job at the next
 * row or checkpoint with the record's error code.
 *
 * <p><b>Endpoint and credentials.</b> {@link Builder#endpoint}, else {@code AWS_ENDPOINT_URL_FIREHOSE},
 * else {@code AWS_ENDPOINT_URL}, else AWS's regional endpoint; a loopback endpoint (a local Firehose) gets
 * dummy credentials, anything else the SDK's default chain (on Managed Service for Apache Flink: the
 * application's role). The client is built by {@code FirehoseClients}, as everywhere in logpipe.
 *
 * <p>Immutable and serializable (Flink ships it to the TaskManagers); each parallel writer builds and
 * closes its own client and sink. Flink metrics: {@code numRecordsSend} and {@code numRecordsSendErrors}.
 */
@API(status = EXPERIMENTAL)
public final class FirehoseResultSink implements Sink<String>, AnalyticsOutput {

    private static final long serialVersionUID = 1L;

    /** The tutorial's delivery stream for the aggregates: {@value}. */
    public static final String TUTORIAL_STREAM = "web-log-aggregated-data";

    /** Default {@link Builder#linger}: 200 ms (aggregates come in bursts as windows close). */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);

    /** Default {@link Builder#maxRetryDuration}: firehose-sink's, 5 minutes. */
    public static final Duration DEFAULT_MAX_RETRY_DURATION = FirehoseSink.DEFAULT_MAX_RETRY_DURATION;

    /** Default {@link Builder#flushTimeout}: 10 minutes. */
    public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofMinutes(10);

    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    private final String deliveryStream;
    private final @Nullable URI endpoint;
    private final @Nullable String region;
    private final Duration linger;
    private final Duration maxRetryDuration;
    private final Duration flushTimeout;

    private FirehoseResultSink(Builder b) {
        this.deliveryStream = Objects.requireNonNull(b.deliveryStream, "deliveryStream");
        this.endpoint = b.endpoint;
        this.region = b.region;
        this.linger = b.linger;
        this.maxRetryDuration = b.maxRetryDuration;
        this.flushTimeout = b.flushTimeout;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; only {@link Builder#deliveryStream} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the delivery stream.
     *
     * @return the stream name
     */
    public String deliveryStream() {
        return deliveryStream;
    }

    /**
     * Returns the endpoint given to the builder.
     *
     * @return the endpoint, or {@code null} for the environment's or AWS's
     */
    public @Nullable URI endpoint() {
        return endpoint;
    }

    /**
     * Returns the region given to the builder.
     *
     * @return the region, or {@code null} for firehose-sink's choice (the endpoint's, the SDK's chain)
     */
    public @Nullable String region() {
        return region;
    }

    /**
     * Returns the linger time of firehose-sink's batches.
     *
     * @return the linger
     */
    public Duration linger() {
        return linger;
    }

    /**
     * Returns how long firehose-sink retries a record before it fails the job.
     *
     * @return the retry duration
     */
    public Duration maxRetryDuration() {
        return maxRetryDuration;
    }

    /**
     * Returns how long a flush (checkpoint, end of input) waits for the acknowledgements.
     *
     * @return the timeout
     */
    public Duration flushTimeout() {
        return flushTimeout;
    }

    /**
     * Returns the endpoint the writers use: {@link #endpoint()}, else the environment's
     * ({@code AWS_ENDPOINT_URL_FIREHOSE}, then {@code AWS_ENDPOINT_URL}), read in this JVM.
     *
     * @return the endpoint, or {@code null} for AWS's regional endpoint
     * @throws IllegalArgumentException if the environment variable is not a URL
     */
    public @Nullable URI effectiveEndpoint() {
        if (endpoint != null) {
            return endpoint;
        }
        for (String name : new String[] {"AWS_ENDPOINT_URL_FIREHOSE", "AWS_ENDPOINT_URL"}) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                try {
                    return FirehoseClients.endpointUri(v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " is not a URL: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        return new FirehoseResultWriter(this, context.metricGroup());
    }

    /**
     * Flink 1.20 still declares this (deprecated) method abstract; it builds the same writer.
     *
     * @param context the writer's context
     * @return the writer
     * @throws IOException never
     */
    @Override
    @Deprecated
    public SinkWriter<String> createWriter(InitContext context) throws IOException {
        return new FirehoseResultWriter(this, context.metricGroup());
    }

    @Override
    public String toString() {
        return "FirehoseResultSink[stream=" + deliveryStream + ", endpoint=" + endpoint + ", region=" + region
                + ", linger=" + linger + ", maxRetryDuration=" + maxRetryDuration + "]";
    }

    /** Builds a {@link FirehoseResultSink}. Not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private @Nullable String deliveryStream;
        private @Nullable URI endpoint;
        private @Nullable String region;
        private Duration linger = DEFAULT_LINGER;
        private Duration maxRetryDuration = DEFAULT_MAX_RETRY_DURATION;
        private Duration flushTimeout = DEFAULT_FLUSH_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets the delivery stream. Required.
         *
         * @param name 1 to 64 characters of {@code [a-zA-Z0-9_.-]}, for example {@value #TUTORIAL_STREAM}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid stream name
         */
        public Builder deliveryStream(String name) {
            Objects.requireNonNull(name, "name");
            if (!STREAM_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("deliveryStream must be 1 to 64 characters of [a-zA-Z0-9_.-], was '"
                        + name + "' (for example firehose:" + TUTORIAL_STREAM + ")");
            }
            this.deliveryStream = name;
            return this;
        }

        /**
         * Sets the Firehose endpoint. Optional. Default: {@code AWS_ENDPOINT_URL_FIREHOSE}, else
         * {@code AWS_ENDPOINT_URL} (read where the writer runs), else AWS's regional endpoint.
         *
         * @param endpoint for example {@code http://127.0.0.1:4573}, or {@code null} for the default
         * @return this builder
         */
        public Builder endpoint(@Nullable URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the region. Optional. Default: the endpoint's, the SDK's region chain, or us-east-1.
         *
         * @param region for example {@code eu-west-1}, or {@code null} for the default
         * @return this builder
         */
        public Builder region(@Nullable String region) {
            this.region = region;
            return this;
        }

        /**
         * Sets how long firehose-sink waits to fill a batch. Optional. Default: 200 ms.
         *
         * @param linger positive
         * @return this builder
         */
        public Builder linger(Duration linger) {
            this.linger = positive(linger, "linger");
            return this;
        }

        /**
         * Sets how long firehose-sink retries a record before giving up, which fails the job. Optional.
         * Default: 5 minutes.
         *
         * @param duration zero or more
         * @return this builder
         */
        public Builder maxRetryDuration(Duration duration) {
            Objects.requireNonNull(duration, "maxRetryDuration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("maxRetryDuration must be >= 0, was " + duration);
            }
            this.maxRetryDuration = duration;
            return this;
        }

        /**
         * Sets how long a flush waits for every record's acknowledgement. Optional. Default: 10 minutes.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder flushTimeout(Duration timeout) {
            this.flushTimeout = positive(timeout, "flushTimeout");
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return the sink
         * @throws NullPointerException if no delivery stream was set
         */
        public FirehoseResultSink build() {
            return new FirehoseResultSink(this);
        }
    }

    static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }
}
