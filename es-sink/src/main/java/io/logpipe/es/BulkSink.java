package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.es.internal.BulkBodyWriter;
import io.logpipe.es.internal.BulkResponseParser;
import io.logpipe.es.internal.ItemClassifier;
import io.logpipe.es.internal.PendingDocument;
import io.logpipe.model.LogpipeException;
import io.logpipe.sink.Backpressure;
import io.logpipe.sink.BatchResult;
import io.logpipe.sink.BatchStrategy;
import io.logpipe.sink.DeliveryEngine;
import io.logpipe.sink.DeliveryStats;
import io.logpipe.sink.Entry;
import io.logpipe.sink.FailedRecordStore;
import io.logpipe.sink.Failure;
import io.logpipe.sink.FirehoseKeyLayout;
import io.logpipe.sink.RetryBudget;
import io.logpipe.sink.SinkBuilder;
import io.logpipe.sink.SinkMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous, batching {@code _bulk} sink for OpenSearch and Elasticsearch with Amazon Data
 * Firehose's OpenSearch-destination semantics.
 *
 * <pre>{@code
 * try (BulkSink sink = BulkSink.builder()
 *         .endpoint(URI.create("http://127.0.0.1:9200"))
 *         .index("access-logs").rotation(IndexRotation.ONE_DAY)
 *         .backupStore(FailedRecordStore.directory(Path.of("backup")))
 *         .build()) {
 *     sink.send(EsDocument.of("{\"status\":200}"))
 *         .whenComplete((ok, error) -> { ... });  // error is an EsBulkItemException
 * } // close() flushes and waits, bounded by closeTimeout
 * }</pre>
 *
 * <p><b>The contract</b> is every logpipe sink's (the sink is an adapter of sink-core's
 * {@link DeliveryEngine}): {@link #send} returns one future per document; {@link #flush()} returns a
 * future that completes once every earlier document is indexed or backed up; {@link #close()}
 * flushes and waits at most {@link Builder#closeTimeout}; after close, {@code send} returns a
 * failed future. {@link #add} is kept for callers that want the older blocking shape: it sends and
 * throws if the document is refused at once (sink closed, interrupted, full past the block timeout).
 *
 * <p><b>Batching.</b> Documents are buffered and sent as one NDJSON {@code _bulk} request when
 * {@link Builder#maxBatchDocuments} or {@link Builder#maxBatchBytes} is reached, or
 * {@link Builder#linger} after the first document of a batch arrived. At most
 * {@link Builder#maxConcurrentRequests} requests are in flight (halved while the cluster answers
 * 429, grown back by one per answered request); {@code send} blocks (or fails fast, see
 * {@link Builder#backpressure}) while {@link Builder#maxBufferedDocuments} documents are unresolved.
 *
 * <p><b>Per item.</b> 2xx is indexed; 409 on {@link BulkAction#CREATE} means the document is
 * there already and counts as indexed; 429 and 5xx items are retried with exponential backoff and
 * jitter, and only those items; 400, 404 and other client errors are never retried and go to the
 * backup. <b>Per request.</b> 413 splits the batch in two (a single document that is too large is
 * backed up); 408, 429, 5xx and connection failures retry the whole batch; other statuses back it up.
 *
 * <p><b>Retry duration</b> (Firehose's {@code RetryOptions.DurationInSeconds}): the total time,
 * from a document's first attempt, during which it is retried; then it is backed up as a
 * {@link FailedDocument} under {@value #FAILED_PREFIX} in the {@link FailedRecordStore}. Zero means
 * no retries. With {@link BackupMode#ALL_DOCUMENTS} the indexed documents are written too, as raw
 * NDJSON, under the plain prefix. Keys follow {@link FirehoseKeyLayout}:
 * {@code <prefix>[AmazonOpenSearchService-failed/]yyyy/MM/dd/HH/<objectPrefix>-1-yyyy-MM-dd-HH-mm-ss-<uuid>}
 * in UTC, as Firehose names S3 objects.
 *
 * <p><b>Meters</b> are named {@code logpipe.es.*} (see {@link EsSinkMetricNames}) and tagged
 * {@code sink} with the index name (before rotation).
 *
 * <p><b>Threads and ownership.</b> Thread-safe. The sink closes what it creates (its scheduler)
 * and never what it is given (an {@link HttpClient}, a {@link ScheduledExecutorService}, a
 * {@link FailedRecordStore}).
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html">Firehose data delivery</a>
 */
@API(status = STABLE)
public final class BulkSink implements AutoCloseable {

    /** The default of {@link Builder#maxBatchDocuments}: {@value}. */
    public static final int DEFAULT_MAX_BATCH_DOCUMENTS = 1000;
    /** The default of {@link Builder#maxBatchBytes}: {@value} (5 MiB, Firehose's default buffer size). */
    public static final long DEFAULT_MAX_BATCH_BYTES = 5L * 1024 * 1024;
    /** The default of {@link Builder#linger}: 1 second. */
    public static final Duration DEFAULT_LINGER = SinkBuilder.DEFAULT_LINGER;
    /** The default of {@link Builder#maxConcurrentRequests}: {@value}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 2;
    /** The default of {@link Builder#maxBufferedDocuments}: {@value}. */
    public static final int DEFAULT_MAX_BUFFERED_DOCUMENTS = 20_000;
    /** The default of {@link Builder#retryDuration}: 300 seconds, as Firehose. */
    public static final Duration DEFAULT_RETRY_DURATION = Duration.ofSeconds(300);
    /** The default of {@link Builder#initialBackoff}: 100 ms. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = SinkBuilder.DEFAULT_INITIAL_BACKOFF;
    /** The default of {@link Builder#maxBackoff}: 10 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = SinkBuilder.DEFAULT_MAX_BACKOFF;
    /** The default of {@link Builder#blockTimeout}: 60 s. */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = SinkBuilder.DEFAULT_BLOCK_TIMEOUT;
    /** The default of {@link Builder#backpressure}: {@link Backpressure#BLOCK}. */
    public static final Backpressure DEFAULT_BACKPRESSURE = SinkBuilder.DEFAULT_BACKPRESSURE;
    /** The default of {@link Builder#requestTimeout}: 60 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** The default of {@link Builder#backupObjectPrefix}: {@value}. */
    public static final String DEFAULT_BACKUP_OBJECT_PREFIX = "logpipe-es-sink";
    /**
     * The folder failed documents go to under the backup prefix: {@value}. Firehose's sources spell
     * it three ways ({@code AmazonOpenSearchService-failed/}, {@code AmazonOpenSearchService_failed/},
     * {@code elasticsearch-failed/}); this is the API reference's.
     */
    public static final String FAILED_PREFIX = FirehoseKeyLayout.OPENSEARCH_FAILED;
    /** The {@code <component>} of the sink's meter names: {@value}. */
    static final String COMPONENT = "es";

    private static final Logger LOG = LoggerFactory.getLogger(BulkSink.class);

    private final URI bulkUri;
    private final URI endpoint;
    private final String index;
    private final IndexRotation rotation;
    private final @Nullable String typeName;
    private final Duration requestTimeout;
    private final boolean gzip;
    private final EsAuth auth;
    private final @Nullable FailedRecordStore backupStore;
    private final BackupMode backupMode;
    private final String backupPrefix;
    private final String backupObjectPrefix;
    private final HttpClient http;
    private final Clock clock;
    private final @Nullable FailureListener failureListener;
    private final BulkBodyWriter bodyWriter;
    private final ItemClassifierStrategy strategy;
    private final DeliveryEngine<PendingDocument> engine;

    private volatile IndexName indexName = new IndexName(Long.MIN_VALUE, "");

    private record IndexName(long hourStart, String name) {
    }

    private BulkSink(Builder b) {
        this.endpoint = requireNonNull(b.endpoint, "endpoint is required");
        this.index = requireNonNull(b.index, "index is required");
        String base = endpoint.toString();
        this.bulkUri = URI.create((base.endsWith("/") ? base : base + "/") + "_bulk");
        this.rotation = b.rotation;
        this.typeName = b.typeName;
        this.requestTimeout = b.requestTimeout;
        this.gzip = b.gzip;
        this.auth = b.auth;
        this.backupStore = b.backupStore;
        this.backupMode = b.backupMode;
        this.backupPrefix = b.backupPrefix;
        this.backupObjectPrefix = b.backupObjectPrefix;
        this.clock = b.clock;
        this.failureListener = b.failureListener;
        if (b.httpClient != null) {
            this.http = b.httpClient;
        } else {
            HttpClient.Builder hb = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10));
            if (b.sslContext != null) {
                hb.sslContext(b.sslContext);
            }
            this.http = hb.build();
        }
        this.bodyWriter = new BulkBodyWriter(b.action, typeName);
        this.strategy = new ItemClassifierStrategy(b.action);
        this.engine = b.engine(DeliveryEngine.<PendingDocument>builder()
                .name(index)
                .threadName("logpipe-es-sink-" + index)
                .strategy(strategy)
                .errors(new Errors()), SinkMetrics.builder(COMPONENT, index).noun("documents")
                        .requestDescription("_bulk request"))
                .maxBatchRecords(b.maxBatchDocuments)
                .maxInFlightRequests(b.maxConcurrentRequests)
                .maxBufferedRecords(b.maxBufferedDocuments)
                .maxBufferedBytes(Long.MAX_VALUE)
                // Firehose's retry duration is the budget; zero means one attempt
                .retryBudget(RetryBudget.of(b.retryDuration.isZero() ? 1 : Integer.MAX_VALUE, b.retryDuration))
                .build();
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with the {@code DEFAULT_*} settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a document. Returns at once unless {@link Builder#maxBufferedDocuments} documents are
     * unresolved and the sink is in {@link Backpressure#BLOCK} mode, where it waits for room at most
     * {@link Builder#blockTimeout}. The index is the document's explicit one, or the sink's index
     * with the rotation suffix of the current (arrival) time.
     *
     * <p>The future completes when the cluster indexed the document (or, for
     * {@link BulkAction#CREATE}, had it already), or exceptionally with an
     * {@link EsBulkItemException}: at once if the sink is closed or full, later with the item's or
     * request's status once the document was written to the backup store.
     *
     * @param document the document
     * @return the document's future, never {@code null}
     */
    public CompletableFuture<Void> send(EsDocument document) {
        requireNonNull(document, "document");
        long now = clock.millis();
        String target = document.index() != null ? document.index() : rotatedIndex(now);
        byte[] source;
        try {
            source = BulkBodyWriter.singleLine(document.source());
        } catch (IOException e) {
            source = document.source();
        }
        PendingDocument p = new PendingDocument(document, source, target, now, engine.ticker().read());
        return engine.send(p, p.future());
    }

    /**
     * Adds a document: {@link #send} for callers that do not keep the future (failures still reach
     * the backup store and the {@link Builder#failureListener}), throwing if it is refused at once.
     *
     * @param document the document
     * @throws IllegalStateException if the sink is closed
     * @throws LogpipeException if interrupted while waiting for room, or the sink stayed full for
     *     the whole {@link Builder#blockTimeout}
     */
    public void add(EsDocument document) {
        requireNonNull(document, "document");
        if (engine.isClosed()) {
            throw new IllegalStateException("the sink is closed: documents can no longer be added");
        }
        CompletableFuture<Void> f = send(document);
        if (f.isCompletedExceptionally()) {
            Throwable t = f.handle((v, e) -> e).join();
            String code = t instanceof EsBulkItemException ? ((EsBulkItemException) t).errorCode() : "";
            if (DeliveryEngine.SINK_CLOSED.equals(code)) {
                throw new IllegalStateException("the sink is closed: documents can no longer be added", t);
            }
            if (DeliveryEngine.INTERRUPTED.equals(code) || DeliveryEngine.BUFFER_FULL.equals(code)) {
                throw (EsBulkItemException) t;
            }
        }
    }

    /**
     * Sends everything buffered now, without waiting for the linger time.
     *
     * @return a future that completes (normally) once every document sent before this call is
     *     indexed or backed up
     */
    public CompletableFuture<Void> flush() {
        return engine.flush();
    }

    /**
     * Returns the counts so far.
     *
     * @return a snapshot
     */
    public BulkSinkStats stats() {
        DeliveryStats s = engine.stats();
        return new BulkSinkStats(s.accepted(), s.delivered(), s.failed(), s.retried(), s.requests(), s.pending());
    }

    /**
     * Installs an index template, synchronously ({@code PUT _index_template/<name>}).
     *
     * @param template the template
     * @throws EsRequestException if the server did not answer 2xx
     */
    public void installTemplate(IndexTemplate template) {
        requireNonNull(template, "template");
        String base = endpoint.toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "_index_template/" + template.name());
        byte[] body = template.body().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            response = http.send(request("PUT", uri, "application/json", body, false), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EsRequestException(EsBulkItemException.NO_STATUS,
                    "could not install index template '" + template.name() + "' at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EsRequestException(EsBulkItemException.NO_STATUS, "interrupted installing " + template.name(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new EsRequestException(response.statusCode(), "installing index template '" + template.name()
                    + "' at " + uri + " failed with HTTP " + response.statusCode() + ": " + response.body(), null);
        }
    }

    /**
     * Stops taking documents, flushes, and waits at most {@link Builder#closeTimeout}; documents
     * still unresolved then are backed up with the code {@value DeliveryEngine#SINK_CLOSED}.
     * Releases the sink's own threads. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    private String rotatedIndex(long now) {
        if (rotation == IndexRotation.NO_ROTATION) {
            return index;
        }
        long hour = IndexRotation.hourStart(now);
        IndexName cached = indexName;
        if (cached.hourStart() != hour) {
            cached = new IndexName(hour, rotation.indexName(index, Instant.ofEpochMilli(now)));
            indexName = cached;
        }
        return cached.name();
    }

    private HttpRequest request(String method, URI uri, String contentType, byte[] body, boolean compress) {
        byte[] payload = compress ? BulkBodyWriter.gzip(body) : body;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        if (compress) {
            headers.put("content-encoding", "gzip");
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach(rb::header);
        auth.headers(method, uri, headers, payload).forEach(rb::header);
        return rb.build();
    }

    /** The OpenSearch part of the engine: one {@code _bulk} request per batch, items classified as Firehose does. */
    private final class ItemClassifierStrategy implements BatchStrategy<PendingDocument> {
        private final BulkAction action;

        ItemClassifierStrategy(BulkAction action) {
            this.action = action;
        }

        @Override
        public CompletableFuture<BatchResult> submit(List<PendingDocument> batch) {
            HttpRequest req;
            try {
                req = request("POST", bulkUri, "application/x-ndjson", bodyWriter.write(batch), gzip);
            } catch (RuntimeException e) {
                // a signer without credentials, for example: nothing will change by retrying at once,
                // but credentials may appear, so treat it like a connection failure
                return CompletableFuture.completedFuture(noAnswer(batch, e));
            }
            return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> response == null ? noAnswer(batch, error) : classify(batch, response));
        }

        private BatchResult noAnswer(List<PendingDocument> batch, @Nullable Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String code = cause instanceof HttpTimeoutException ? "Timeout" : "ConnectionFailed";
            LOG.debug("_bulk request failed [index={}, documents={}, error={}]", index, batch.size(), String.valueOf(cause));
            return BatchResult.failed(new Failure(Failure.Kind.RETRYABLE, code, "no answer from " + bulkUri + ": " + cause,
                    0, null, cause));
        }

        private BatchResult classify(List<PendingDocument> batch, HttpResponse<byte[]> response) {
            int status = response.statusCode();
            switch (ItemClassifier.request(status)) {
                case READ_ITEMS:
                    return readItems(batch, response);
                case SPLIT:
                    LOG.debug("_bulk request too large [index={}, documents={}]", index, batch.size());
                    return BatchResult.split(new Failure(Failure.Kind.FATAL, "413",
                            "the document alone is larger than the server's http.max_content_length (HTTP 413)", 413,
                            null, null));
                case RETRY:
                    LOG.debug("_bulk request will be retried [index={}, documents={}, status={}]", index, batch.size(),
                            status);
                    return BatchResult.failed(new Failure(status == 429 ? Failure.Kind.THROTTLED : Failure.Kind.RETRYABLE,
                            Integer.toString(status), excerpt(response.body()), status, null, null));
                default:
                    return BatchResult.failed(new Failure(Failure.Kind.FATAL, Integer.toString(status),
                            excerpt(response.body()), status, null, null));
            }
        }

        private BatchResult readItems(List<PendingDocument> batch, HttpResponse<byte[]> response) {
            BulkResponseParser.Response parsed;
            try {
                parsed = BulkResponseParser.parse(response.body());
            } catch (IOException e) {
                return BatchResult.failed(new Failure(Failure.Kind.RETRYABLE, "InvalidResponse",
                        "unreadable _bulk answer: " + e.getMessage(), 0, null, null));
            }
            if (!parsed.errors()) {
                return BatchResult.delivered();
            }
            List<BulkResponseParser.Item> items = parsed.items();
            if (items.size() != batch.size()) {
                return BatchResult.failed(new Failure(Failure.Kind.RETRYABLE, "InvalidResponse",
                        "_bulk answer has " + items.size() + " items for " + batch.size() + " documents", 0, null, null));
            }
            List<@Nullable Failure> each = new ArrayList<>(batch.size());
            for (BulkResponseParser.Item item : items) {
                int s = item.status();
                switch (ItemClassifier.item(action, s)) {
                    case INDEXED:
                        each.add(null);
                        break;
                    case RETRY:
                        each.add(new Failure(s == 429 ? Failure.Kind.THROTTLED : Failure.Kind.RETRYABLE,
                                Integer.toString(s), itemMessage(item), s, item.errorType(), null));
                        break;
                    default:
                        each.add(new Failure(Failure.Kind.FATAL, Integer.toString(s), itemMessage(item), s,
                                item.errorType(), null));
                        break;
                }
            }
            return BatchResult.perEntry(each);
        }

        @Override
        public Failure classifyUnexpected(Throwable error) {
            return new Failure(Failure.Kind.RETRYABLE, "InternalError",
                    "logpipe es-sink failed handling the answer: " + error, 0, null, error);
        }

        @Override
        public boolean observesDelivered() {
            return backupMode == BackupMode.ALL_DOCUMENTS && backupStore != null;
        }

        @Override
        public void onDelivered(List<PendingDocument> docs) {
            int size = 0;
            for (PendingDocument p : docs) {
                size += p.source.length + 1;
            }
            byte[] body = new byte[size];
            int pos = 0;
            for (PendingDocument p : docs) {
                System.arraycopy(p.source, 0, body, pos, p.source.length);
                pos += p.source.length;
                body[pos++] = '\n';
            }
            put("", body, clock.millis(), docs.size());
        }

        @Override
        public void onGivenUp(List<PendingDocument> docs, List<Failure> failures) {
            long now = clock.millis();
            List<FailedDocument> records = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                PendingDocument p = docs.get(i);
                Failure f = failures.get(i);
                records.add(new FailedDocument(p.attempts(), p.arrivalMillis, f.errorCode(), f.errorMessage(), now,
                        p.document.id(), p.index, typeName, Base64.getEncoder().encodeToString(p.source)));
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("documents failed [index={}, count={}, firstError={}]", index, records.size(),
                        records.get(0).errorCode());
            }
            if (backupStore == null) {
                LOG.warn("documents failed and no backup store is configured: they are dropped [index={}, count={}]",
                        index, records.size());
            } else {
                StringBuilder sb = new StringBuilder(records.size() * 256);
                for (FailedDocument r : records) {
                    sb.append(r.toJson()).append('\n');
                }
                put(FAILED_PREFIX, sb.toString().getBytes(StandardCharsets.UTF_8), now, records.size());
            }
            if (failureListener != null) {
                for (int i = 0; i < docs.size(); i++) {
                    PendingDocument p = docs.get(i);
                    Failure f = failures.get(i);
                    try {
                        failureListener.onFailed(p.document, new EsBulkItemException(f.status(), f.errorCode(),
                                f.errorType(), f.errorMessage(), p.index, p.document.id(), null));
                    } catch (RuntimeException e) {
                        LOG.warn("es-sink failure listener threw [index={}]", index, e);
                    }
                }
            }
        }
    }

    private void put(String folder, byte[] content, long now, int count) {
        FailedRecordStore store = backupStore;
        if (store == null) {
            return; // never: callers write only with a store (observesDelivered; the failed path warns without one)
        }
        String key = backupKey(backupPrefix, folder, backupObjectPrefix, now, UUID.randomUUID().toString());
        try {
            store.put(key, content);
        } catch (RuntimeException e) {
            LOG.error("could not write documents to the backup store [store={}, key={}, count={}]",
                    store, key, count, e);
        }
    }

    /** The sink's exceptions: {@link EsBulkItemException} with the engine's codes or the cluster's status. */
    private final class Errors implements DeliveryEngine.Errors {
        @Override
        public Throwable rejected(String code, String reason) {
            return new EsBulkItemException(EsBulkItemException.NO_STATUS, code, null,
                    "Document rejected by the es-sink for index '" + index + "': " + reason, index, null,
                    DeliveryEngine.BUFFER_FULL.equals(code), null);
        }

        @Override
        public Throwable givenUp(Failure f, int attempts, String why) {
            return new EsBulkItemException(f.status(), f.errorCode(), f.errorType(), "Document not indexed into '"
                    + index + "' after " + attempts + " attempt(s): " + f.errorCode() + ": " + f.errorMessage()
                    + " (" + why + ")", index, null, f.retryable(), f.cause());
        }
    }

    private static String itemMessage(BulkResponseParser.Item item) {
        if (item.errorType() == null && item.errorReason() == null) {
            return "HTTP " + item.status();
        }
        return "{\"type\":\"" + item.errorType() + "\",\"reason\":" + quote(item.errorReason()) + "}";
    }

    private static String quote(@Nullable String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 1000), StandardCharsets.UTF_8);
        return body.length > 1000 ? s + "…" : s;
    }

    /**
     * Returns the S3-style key Firehose would use for a backup object.
     *
     * @param prefix the configured prefix (may be empty)
     * @param folder {@link #FAILED_PREFIX} or empty
     * @param objectPrefix the object name prefix, Firehose's delivery-stream name
     * @param epochMillis the delivery time
     * @param random a random suffix
     * @return {@code prefix folder yyyy/MM/dd/HH/objectPrefix-1-yyyy-MM-dd-HH-mm-ss-random}
     */
    static String backupKey(String prefix, String folder, String objectPrefix, long epochMillis, String random) {
        return FirehoseKeyLayout.key(prefix, folder, objectPrefix, 1, Instant.ofEpochMilli(epochMillis), random);
    }

    @Override
    public String toString() {
        return "BulkSink[" + bulkUri + ", index=" + index + ", rotation=" + rotation.firehoseName() + "]";
    }

    /**
     * Builds a {@link BulkSink}. {@link #endpoint} and {@link #index} are required; everything else
     * has a documented {@code DEFAULT_*}. The settings every logpipe sink shares (batch bytes, linger,
     * back-pressure, backoff, close timeout, meters, scheduler, ticker) are sink-core's
     * {@link SinkBuilder}'s; the document counts, the concurrency and Firehose's retry duration are
     * this builder's own. Not thread-safe.
     */
    public static final class Builder extends SinkBuilder<Builder> {
        private @Nullable URI endpoint;
        private @Nullable String index;
        private @Nullable String typeName;
        private IndexRotation rotation = IndexRotation.NO_ROTATION;
        private BulkAction action = BulkAction.INDEX;
        private int maxBatchDocuments = DEFAULT_MAX_BATCH_DOCUMENTS;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private int maxBufferedDocuments = DEFAULT_MAX_BUFFERED_DOCUMENTS;
        private Duration retryDuration = DEFAULT_RETRY_DURATION;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean gzip;
        private EsAuth auth = EsAuth.none();
        private @Nullable FailedRecordStore backupStore;
        private BackupMode backupMode = BackupMode.FAILED_DOCUMENTS_ONLY;
        private String backupPrefix = "";
        private String backupObjectPrefix = DEFAULT_BACKUP_OBJECT_PREFIX;
        private @Nullable HttpClient httpClient;
        private @Nullable SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private @Nullable FailureListener failureListener;

        private Builder() {
            super(DEFAULT_MAX_BATCH_BYTES, 1, Long.MAX_VALUE);
        }

        /**
         * Sets the cluster URL, for example {@code http://127.0.0.1:9200} or
         * {@code https://search-domain.us-east-1.es.amazonaws.com}. Required.
         *
         * @param endpoint the base URL; {@code _bulk} is appended
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("endpoint must be an http or https URL, got '" + endpoint + "'");
            }
            return this;
        }

        /**
         * Sets the index name (Firehose's {@code IndexName}, 1 to 80 characters). Required.
         *
         * @param index the index; the rotation suffix is appended
         * @return this builder
         */
        public Builder index(String index) {
            requireNonNull(index, "index");
            if (index.isEmpty() || index.length() > 80) {
                throw new IllegalArgumentException("index must be 1 to 80 characters, got '" + index + "'");
            }
            this.index = index;
            return this;
        }

        /**
         * Sets the mapping type, for Elasticsearch 6 only. Optional. Default: none.
         *
         * @param typeName the type, or {@code null}
         * @return this builder
         */
        public Builder typeName(@Nullable String typeName) {
            this.typeName = typeName == null || typeName.isEmpty() ? null : typeName;
            return this;
        }

        /**
         * Sets the index rotation. Optional. Default: {@link IndexRotation#NO_ROTATION} (Firehose's API
         * defaults to {@code OneDay}; its console to {@code NoRotation}).
         *
         * @param rotation the rotation
         * @return this builder
         */
        public Builder rotation(IndexRotation rotation) {
            this.rotation = requireNonNull(rotation, "rotation");
            return this;
        }

        /**
         * Sets the bulk action. Optional. Default: {@link BulkAction#INDEX}.
         *
         * @param action the action
         * @return this builder
         */
        public Builder action(BulkAction action) {
            this.action = requireNonNull(action, "action");
            return this;
        }

        /**
         * Sets the documents per request. Optional. Default: {@value #DEFAULT_MAX_BATCH_DOCUMENTS}.
         *
         * @param maxBatchDocuments at least 1
         * @return this builder
         */
        public Builder maxBatchDocuments(int maxBatchDocuments) {
            if (maxBatchDocuments < 1) {
                throw new IllegalArgumentException("maxBatchDocuments must be >= 1, got " + maxBatchDocuments);
            }
            this.maxBatchDocuments = maxBatchDocuments;
            return this;
        }

        /**
         * Sets the requests in flight at once. Optional. Default: {@value #DEFAULT_MAX_CONCURRENT_REQUESTS}.
         *
         * @param maxConcurrentRequests at least 1
         * @return this builder
         */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            if (maxConcurrentRequests < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be >= 1, got " + maxConcurrentRequests);
            }
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /**
         * Sets how long {@link BulkSink#close()} waits for documents to resolve; those still unresolved
         * are then backed up. Optional. Default: the retry duration plus the request timeout plus the
         * linger, the longest a document can take.
         *
         * @param closeTimeout zero or positive
         * @return this builder
         */
        @Override
        public Builder closeTimeout(Duration closeTimeout) {
            return super.closeTimeout(closeTimeout);
        }

        @Override
        protected Duration defaultCloseTimeout() {
            return retryDuration.plus(requestTimeout).plus(lingerSetting());
        }

        private <E extends Entry> DeliveryEngine.Builder<E> engine(DeliveryEngine.Builder<E> engine,
                SinkMetrics.Builder metrics) {
            return configure(engine, metrics);
        }

        /**
         * Sets how many documents may be unresolved before {@link BulkSink#send} applies back-pressure. Optional.
         * Default: {@value #DEFAULT_MAX_BUFFERED_DOCUMENTS}.
         *
         * @param maxBufferedDocuments at least 1
         * @return this builder
         */
        public Builder maxBufferedDocuments(int maxBufferedDocuments) {
            if (maxBufferedDocuments < 1) {
                throw new IllegalArgumentException("maxBufferedDocuments must be >= 1, got " + maxBufferedDocuments);
            }
            this.maxBufferedDocuments = maxBufferedDocuments;
            return this;
        }

        /**
         * Sets Firehose's retry duration: the total time from a document's first attempt during
         * which it is retried. Optional. Default: 300 s. Zero: no retries. Firehose allows 0 to 7200 s.
         *
         * @param retryDuration zero or positive
         * @return this builder
         */
        public Builder retryDuration(Duration retryDuration) {
            this.retryDuration = requireNonNegative(retryDuration, "retryDuration");
            return this;
        }

        /**
         * Sets the timeout of one request. Optional. Default: 60 s.
         *
         * @param requestTimeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Compresses request bodies with gzip ({@code Content-Encoding: gzip}). Optional. Default: off.
         *
         * @param gzip whether to compress
         * @return this builder
         */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * Sets the authentication. Optional. Default: {@link EsAuth#none()}.
         *
         * @param auth the auth
         * @return this builder
         */
        public Builder auth(EsAuth auth) {
            this.auth = requireNonNull(auth, "auth");
            return this;
        }

        /**
         * Sets where failed (and with {@link BackupMode#ALL_DOCUMENTS} all) documents go. Optional.
         * Default: none, and failed documents are dropped with a WARN log.
         *
         * @param backupStore the store, owned by the caller
         * @return this builder
         */
        public Builder backupStore(@Nullable FailedRecordStore backupStore) {
            this.backupStore = backupStore;
            return this;
        }

        /**
         * Sets which documents are backed up. Optional. Default: {@link BackupMode#FAILED_DOCUMENTS_ONLY}.
         *
         * @param backupMode the mode
         * @return this builder
         */
        public Builder backupMode(BackupMode backupMode) {
            this.backupMode = requireNonNull(backupMode, "backupMode");
            return this;
        }

        /**
         * Sets the key prefix of backup objects (Firehose's S3 {@code Prefix}). Optional. Default: empty.
         *
         * @param backupPrefix for example {@code errors/}
         * @return this builder
         */
        public Builder backupPrefix(String backupPrefix) {
            this.backupPrefix = requireNonNull(backupPrefix, "backupPrefix");
            return this;
        }

        /**
         * Sets the first part of backup object names (Firehose uses the delivery-stream name).
         * Optional. Default: {@value #DEFAULT_BACKUP_OBJECT_PREFIX}.
         *
         * @param backupObjectPrefix a name without {@code /}
         * @return this builder
         */
        public Builder backupObjectPrefix(String backupObjectPrefix) {
            requireNonNull(backupObjectPrefix, "backupObjectPrefix");
            if (backupObjectPrefix.isEmpty() || backupObjectPrefix.contains("/")) {
                throw new IllegalArgumentException("backupObjectPrefix must be non-empty without '/', got '"
                        + backupObjectPrefix + "'");
            }
            this.backupObjectPrefix = backupObjectPrefix;
            return this;
        }

        /**
         * Sets the HTTP client, owned by the caller. Optional. Default: a new HTTP/1.1 client.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(@Nullable HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the TLS context of the default HTTP client (ignored with {@link #httpClient}).
         * Optional. Default: the JDK's default.
         *
         * @param sslContext the context
         * @return this builder
         */
        public Builder sslContext(@Nullable SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Sets the wall clock of index rotation, backup timestamps and backup keys. Optional. Default: UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets a listener told about each failed document. Optional. Default: none.
         *
         * @param failureListener the listener
         * @return this builder
         */
        public Builder failureListener(@Nullable FailureListener failureListener) {
            this.failureListener = failureListener;
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return a new sink
         * @throws NullPointerException if the endpoint or index is missing
         * @throws IllegalArgumentException if maxBackoff is below initialBackoff
         */
        public BulkSink build() {
            checkSettings();
            return new BulkSink(this);
        }
    }
}
