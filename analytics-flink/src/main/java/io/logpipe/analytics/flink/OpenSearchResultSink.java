package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.flink.internal.OpenSearchResultWriter;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A Flink sink (Sink V2) that indexes each result row, a JSON object, as one document of an OpenSearch
 * (or Elasticsearch) index through es-sink's {@code BulkSink}: batched {@code _bulk} requests, retries of
 * 429 and 5xx items, back-pressure.
 *
 * <pre>{@code
 * rows.sinkTo(OpenSearchResultSink.builder().endpoint(URI.create("http://127.0.0.1:9200")).build());
 * }</pre>
 *
 * <p><b>Document ids</b> come from the row's {@link Builder#idFields id fields}, by default the window and
 * the status ({@code 2026-11-25T10:00:00.000Z_200}), with the {@code index} action: a row sent again after
 * a failover (Flink replays the rows since the last checkpoint) overwrites its document instead of adding
 * a second one, so the index holds each (window, status) once: effectively exactly once.
 *
 * <p><b>Guarantee.</b> The writer flushes and waits for every document's answer before each checkpoint
 * barrier passes and at the end of a bounded input. When it opens it installs the tutorial's index
 * template ({@code DATETIME} a date, {@code STATUS} an integer, {@code STATUSCOUNT} a long) for
 * {@code INDEX*}, which also checks that the server answers; a document es-sink gives up on fails the job
 * with its item status and reason.
 *
 * <p>Immutable and serializable; each parallel writer builds and closes its own {@code BulkSink}. Flink
 * metrics: {@code numRecordsSend} and {@code numRecordsSendErrors}.
 */
@API(status = EXPERIMENTAL)
public final class OpenSearchResultSink implements Sink<String>, AnalyticsOutput {

    private static final long serialVersionUID = 1L;

    /** The tutorial's index, which the dashboard reads: {@value}. */
    public static final String DEFAULT_INDEX = "request_data";

    /** Default {@link Builder#idFields}: the window start and the status. */
    public static final List<String> DEFAULT_ID_FIELDS = List.of("DATETIME", "STATUS");

    /** Default {@link Builder#linger}: 200 ms. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);

    /** Default {@link Builder#retryDuration}: 5 minutes, as es-sink and Firehose. */
    public static final Duration DEFAULT_RETRY_DURATION = Duration.ofMinutes(5);

    private final URI endpoint;
    private final String index;
    private final ArrayList<String> idFields;
    private final Duration linger;
    private final Duration retryDuration;
    private final Duration flushTimeout;

    private OpenSearchResultSink(Builder b) {
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        this.index = b.index;
        this.idFields = new ArrayList<>(b.idFields);
        this.linger = b.linger;
        this.retryDuration = b.retryDuration;
        this.flushTimeout = b.flushTimeout;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; only {@link Builder#endpoint} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the server URL.
     *
     * @return the URL
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Returns the index.
     *
     * @return the index name
     */
    public String index() {
        return index;
    }

    /**
     * Returns the fields whose values, joined by {@code _}, make a document's id.
     *
     * @return the field names, unmodifiable
     */
    public List<String> idFields() {
        return List.copyOf(idFields);
    }

    /**
     * Returns the linger time of es-sink's batches.
     *
     * @return the linger
     */
    public Duration linger() {
        return linger;
    }

    /**
     * Returns how long es-sink retries a document before it fails the job.
     *
     * @return the retry duration
     */
    public Duration retryDuration() {
        return retryDuration;
    }

    /**
     * Returns how long a flush (checkpoint, end of input) waits for the answers.
     *
     * @return the timeout
     */
    public Duration flushTimeout() {
        return flushTimeout;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        return new OpenSearchResultWriter(this, context.metricGroup());
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
        return new OpenSearchResultWriter(this, context.metricGroup());
    }

    @Override
    public String toString() {
        return "OpenSearchResultSink[endpoint=" + endpoint + ", index=" + index + ", idFields=" + idFields + "]";
    }

    /** Builds an {@link OpenSearchResultSink}. Not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private @Nullable URI endpoint;
        private String index = DEFAULT_INDEX;
        private List<String> idFields = DEFAULT_ID_FIELDS;
        private Duration linger = DEFAULT_LINGER;
        private Duration retryDuration = DEFAULT_RETRY_DURATION;
        private Duration flushTimeout = FirehoseResultSink.DEFAULT_FLUSH_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets the server. Required.
         *
         * @param endpoint for example {@code http://127.0.0.1:9200}; {@code _bulk} is appended
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Sets the index. Optional. Default: {@value OpenSearchResultSink#DEFAULT_INDEX}.
         *
         * @param index a lowercase OpenSearch index name
         * @return this builder
         * @throws IllegalArgumentException if OpenSearch would refuse the name
         */
        public Builder index(String index) {
            Objects.requireNonNull(index, "index");
            if (index.isEmpty() || !index.equals(index.toLowerCase(Locale.ROOT)) || index.startsWith("_")
                    || index.startsWith("-") || index.chars().anyMatch(c -> "\\/*?\"<>| ,#:".indexOf(c) >= 0)) {
                throw new IllegalArgumentException("index must be a lowercase OpenSearch index name without "
                        + "\\ / * ? \" < > | space , # : and not starting with _ or -, was '" + index + "'");
            }
            this.index = index;
            return this;
        }

        /**
         * Sets the fields whose values make a document's id. Optional. Default: {@code DATETIME}, {@code STATUS}.
         *
         * @param fields at least one top-level field of the rows
         * @return this builder
         */
        public Builder idFields(List<String> fields) {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("idFields must name at least one field");
            }
            this.idFields = List.copyOf(fields);
            return this;
        }

        /**
         * Sets how long es-sink waits to fill a batch. Optional. Default: 200 ms.
         *
         * @param linger positive
         * @return this builder
         */
        public Builder linger(Duration linger) {
            this.linger = FirehoseResultSink.positive(linger, "linger");
            return this;
        }

        /**
         * Sets how long es-sink retries a document before giving up, which fails the job. Optional.
         * Default: 5 minutes.
         *
         * @param duration zero or more
         * @return this builder
         */
        public Builder retryDuration(Duration duration) {
            Objects.requireNonNull(duration, "retryDuration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("retryDuration must be >= 0, was " + duration);
            }
            this.retryDuration = duration;
            return this;
        }

        /**
         * Sets how long a flush waits for every document's answer. Optional. Default: 10 minutes.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder flushTimeout(Duration timeout) {
            this.flushTimeout = FirehoseResultSink.positive(timeout, "flushTimeout");
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return the sink
         * @throws NullPointerException if no endpoint was set
         */
        public OpenSearchResultSink build() {
            return new OpenSearchResultSink(this);
        }
    }
}
