package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.es.internal.Backoff;
import io.logpipe.es.internal.BulkBodyWriter;
import io.logpipe.es.internal.BulkBuffer;
import io.logpipe.es.internal.BulkResponseParser;
import io.logpipe.es.internal.ItemClassifier;
import io.logpipe.es.internal.PendingDocument;
import io.logpipe.model.LogpipeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 *         .backupStore(BackupStore.directory(Path.of("backup")))
 *         .build()) {
 *     sink.add(EsDocument.of("{\"status\":200}"));
 * } // close() flushes and waits
 * }</pre>
 *
 * <p><b>Batching.</b> Documents are buffered and sent as one NDJSON {@code _bulk} request when
 * {@link Builder#maxBatchDocuments} or {@link Builder#maxBatchBytes} is reached, or
 * {@link Builder#linger} after the first document of a batch arrived. At most
 * {@link Builder#maxConcurrentRequests} requests are in flight; {@link #add} blocks while
 * {@link Builder#maxBufferedDocuments} documents are unresolved (back-pressure).
 *
 * <p><b>Per item.</b> 2xx is indexed; 409 on {@link BulkAction#CREATE} means the document is
 * there already and counts as indexed; 429 and 5xx items are retried with exponential backoff and
 * jitter, and only those items; 400, 404 and other client errors are never retried and go to the
 * backup. <b>Per request.</b> 413 splits the batch in two (a single document that is too large is
 * backed up); 408, 429, 5xx and connection failures retry the whole batch; other statuses back it up.
 *
 * <p><b>Retry duration</b> (Firehose's {@code RetryOptions.DurationInSeconds}): the total time,
 * from a document's first attempt, during which it is retried; then it is backed up as a
 * {@link FailedDocument} under {@value #FAILED_PREFIX} in the {@link BackupStore}. Zero means no
 * retries. With {@link BackupMode#ALL_DOCUMENTS} the indexed documents are written too, as raw
 * NDJSON, under the plain prefix. Keys are {@code <prefix>[AmazonOpenSearchService-failed/]yyyy/MM/dd/HH/
 * <objectPrefix>-1-yyyy-MM-dd-HH-mm-ss-<uuid>} in UTC, as Firehose names S3 objects.
 *
 * <p><b>Threads and ownership.</b> Thread-safe. The sink closes what it creates (its scheduler)
 * and never what it is given (an {@link HttpClient}, a {@link ScheduledExecutorService}, a
 * {@link BackupStore}). {@link #close()} flushes and waits; the wait is bounded by the retry
 * duration plus the request timeout, after which every document is indexed or backed up.
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
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);
    /** The default of {@link Builder#maxConcurrentRequests}: {@value}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 2;
    /** The default of {@link Builder#maxBufferedDocuments}: {@value}. */
    public static final int DEFAULT_MAX_BUFFERED_DOCUMENTS = 20_000;
    /** The default of {@link Builder#retryDuration}: 300 seconds, as Firehose. */
    public static final Duration DEFAULT_RETRY_DURATION = Duration.ofSeconds(300);
    /** The default of {@link Builder#initialBackoff}: 100 ms. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** The default of {@link Builder#maxBackoff}: 10 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /** The default of {@link Builder#requestTimeout}: 60 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** The default of {@link Builder#backupObjectPrefix}: {@value}. */
    public static final String DEFAULT_BACKUP_OBJECT_PREFIX = "logpipe-es-sink";
    /**
     * The folder failed documents go to under the backup prefix: {@value}. Firehose's sources spell
     * it three ways ({@code AmazonOpenSearchService-failed/}, {@code AmazonOpenSearchService_failed/},
     * {@code elasticsearch-failed/}); this is the API reference's.
     */
    public static final String FAILED_PREFIX = "AmazonOpenSearchService-failed/";

    private static final Logger LOG = LoggerFactory.getLogger(BulkSink.class);

    private final URI bulkUri;
    private final URI endpoint;
    private final String index;
    private final IndexRotation rotation;
    private final BulkAction action;
    private final @Nullable String typeName;
    private final int maxConcurrentRequests;
    private final long retryDurationMillis;
    private final Duration linger;
    private final Duration requestTimeout;
    private final boolean gzip;
    private final EsAuth auth;
    private final @Nullable BackupStore backupStore;
    private final BackupMode backupMode;
    private final String backupPrefix;
    private final String backupObjectPrefix;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Clock clock;
    private final @Nullable FailureListener failureListener;
    private final Backoff backoff;
    private final BulkBodyWriter bodyWriter;

    private final Object lock = new Object();
    private final BulkBuffer buffer; // guarded by lock
    private final ArrayDeque<List<PendingDocument>> ready = new ArrayDeque<>(); // guarded by lock
    private int inFlight; // guarded by lock
    private boolean lingerScheduled; // guarded by lock
    private long outstanding; // guarded by lock
    private volatile boolean closed;
    private final Semaphore capacity;

    private volatile IndexName indexName = new IndexName(Long.MIN_VALUE, "");

    private final Timer requestsSuccess;
    private final Timer requestsPartial;
    private final Timer requestsFailure;
    private final Counter docsIndexed;
    private final Counter docsRetried;
    private final Counter docsFailed;
    private final LongAdder added = new LongAdder();
    private final LongAdder indexed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder requests = new LongAdder();

    private record IndexName(long hourStart, String name) {
    }

    private BulkSink(Builder b) {
        this.endpoint = requireNonNull(b.endpoint, "endpoint is required");
        this.index = requireNonNull(b.index, "index is required");
        String base = endpoint.toString();
        this.bulkUri = URI.create((base.endsWith("/") ? base : base + "/") + "_bulk");
        this.rotation = b.rotation;
        this.action = b.action;
        this.typeName = b.typeName;
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.retryDurationMillis = b.retryDuration.toMillis();
        this.linger = b.linger;
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
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownsScheduler = false;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "logpipe-es-sink-" + index);
                t.setDaemon(true);
                return t;
            });
            this.ownsScheduler = true;
        }
        this.backoff = new Backoff(b.initialBackoff.toMillis(), b.maxBackoff.toMillis(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.bodyWriter = new BulkBodyWriter(action, typeName);
        this.buffer = new BulkBuffer(b.maxBatchDocuments, b.maxBatchBytes);
        this.capacity = new Semaphore(b.maxBufferedDocuments);

        MeterRegistry registry = b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry();
        this.requestsSuccess = requestTimer(registry, "success");
        this.requestsPartial = requestTimer(registry, "partial");
        this.requestsFailure = requestTimer(registry, "failure");
        this.docsIndexed = documentCounter(registry, "indexed");
        this.docsRetried = documentCounter(registry, "retried");
        this.docsFailed = documentCounter(registry, "failed");
    }

    private static Timer requestTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(EsSinkMetricNames.REQUESTS)
                .description("_bulk requests sent by logpipe's es-sink, by outcome")
                .tag(EsSinkMetricNames.TAG_OUTCOME, outcome)
                .register(registry);
    }

    private static Counter documentCounter(MeterRegistry registry, String result) {
        return Counter.builder(EsSinkMetricNames.DOCUMENTS)
                .description("documents handled by logpipe's es-sink, by result")
                .tag(EsSinkMetricNames.TAG_RESULT, result)
                .register(registry);
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
     * Adds a document, blocking while {@link Builder#maxBufferedDocuments} documents are
     * unresolved. The index is the document's explicit one, or the sink's index with the rotation
     * suffix of the current (arrival) time.
     *
     * @param document the document
     * @throws IllegalStateException if the sink is closed
     * @throws LogpipeException if interrupted while waiting for capacity
     */
    public void add(EsDocument document) {
        requireNonNull(document, "document");
        if (closed) {
            throw new IllegalStateException("the sink is closed: documents can no longer be added");
        }
        try {
            capacity.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpipeException("interrupted while waiting for room in the sink's buffer", e, true);
        }
        long now = clock.millis();
        String target = document.index() != null ? document.index() : rotatedIndex(now);
        byte[] source;
        try {
            source = BulkBodyWriter.singleLine(document.source());
        } catch (IOException e) {
            source = document.source();
        }
        PendingDocument p = new PendingDocument(document, source, target, now);
        added.increment();
        boolean schedule = false;
        synchronized (lock) {
            outstanding++;
            buffer.add(p, ready::addLast);
            if (!buffer.isEmpty() && !lingerScheduled && !linger.isZero()) {
                lingerScheduled = true;
                schedule = true;
            }
        }
        if (schedule) {
            scheduler.schedule(this::lingerExpired, linger.toNanos(), TimeUnit.NANOSECONDS);
        }
        dispatch();
    }

    /**
     * Sends everything buffered and waits until every document added so far is indexed or backed
     * up (while other threads keep adding, it waits until the sink is idle).
     *
     * @throws LogpipeException if interrupted while waiting
     */
    public void flush() {
        synchronized (lock) {
            if (!buffer.isEmpty()) {
                ready.addLast(buffer.drain());
            }
        }
        dispatch();
        synchronized (lock) {
            while (outstanding > 0) {
                try {
                    lock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LogpipeException("interrupted while flushing the sink", e, true);
                }
            }
        }
    }

    /**
     * Returns the counts so far.
     *
     * @return a snapshot
     */
    public BulkSinkStats stats() {
        long pending;
        synchronized (lock) {
            pending = outstanding;
        }
        return new BulkSinkStats(added.sum(), indexed.sum(), failed.sum(), retried.sum(), requests.sum(), pending);
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
     * Flushes, waits, and releases the sink's own threads. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        flush();
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
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

    private void lingerExpired() {
        synchronized (lock) {
            lingerScheduled = false;
            if (!buffer.isEmpty()) {
                ready.addLast(buffer.drain());
            }
        }
        dispatch();
    }

    private void dispatch() {
        List<List<PendingDocument>> toSend = null;
        synchronized (lock) {
            if (ready.isEmpty() && linger.isZero() && inFlight < maxConcurrentRequests && !buffer.isEmpty()) {
                ready.addLast(buffer.drain());
            }
            while (inFlight < maxConcurrentRequests && !ready.isEmpty()) {
                List<PendingDocument> batch = ready.pollFirst();
                if (batch.isEmpty()) {
                    continue;
                }
                inFlight++;
                if (toSend == null) {
                    toSend = new ArrayList<>(2);
                }
                toSend.add(batch);
            }
        }
        if (toSend != null) {
            for (List<PendingDocument> batch : toSend) {
                send(batch);
            }
        }
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

    private void send(List<PendingDocument> batch) {
        long now = clock.millis();
        for (PendingDocument p : batch) {
            p.attempts++;
            if (p.firstAttemptMillis < 0) {
                p.firstAttemptMillis = now;
            }
        }
        long start = System.nanoTime();
        HttpRequest req;
        try {
            req = request("POST", bulkUri, "application/x-ndjson", bodyWriter.write(batch), gzip);
        } catch (RuntimeException e) {
            // a signer without credentials, for example: nothing will change by retrying at once,
            // but credentials may appear, so treat it like a connection failure
            requests.increment();
            completeSafely(batch, null, e, start);
            return;
        }
        requests.increment();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, error) -> completeSafely(batch, response, error, start));
    }

    private void completeSafely(List<PendingDocument> batch, @Nullable HttpResponse<byte[]> response,
            @Nullable Throwable error, long startNanos) {
        try {
            complete(batch, response, error, startNanos);
        } catch (RuntimeException | Error e) {
            LOG.error("es-sink failed handling a _bulk answer; backing up the batch [index={}, documents={}]",
                    index, batch.size(), e);
            Outcome o = new Outcome(clock.millis());
            for (PendingDocument p : batch) {
                o.fail(p, 0, "InternalError", null, "logpipe es-sink failed handling the answer: " + e);
            }
            finish(o);
        } finally {
            synchronized (lock) {
                inFlight--;
            }
            dispatch();
        }
    }

    /** What one answer did to its documents: applied in {@link #finish}. */
    private final class Outcome {
        final long now;
        final List<PendingDocument> indexedDocs = new ArrayList<>();
        final List<PendingDocument> retry = new ArrayList<>();
        final List<FailedDocument> failedRecords = new ArrayList<>();
        final List<PendingDocument> failedDocs = new ArrayList<>();
        final List<EsBulkItemException> failedCauses = new ArrayList<>();
        int indexedCount;

        Outcome(long now) {
            this.now = now;
        }

        void indexed(PendingDocument p) {
            indexedCount++;
            if (backupMode == BackupMode.ALL_DOCUMENTS) {
                indexedDocs.add(p);
            }
        }

        void retryOrFail(PendingDocument p, int status, String code, @Nullable String type, String message) {
            p.lastErrorCode = code;
            p.lastErrorMessage = message;
            if (retryDurationMillis > 0 && now < p.firstAttemptMillis + retryDurationMillis) {
                retry.add(p);
            } else {
                fail(p, status, code, type, message);
            }
        }

        void fail(PendingDocument p, int status, String code, @Nullable String type, String message) {
            String id = p.document.id();
            failedRecords.add(new FailedDocument(p.attempts, p.arrivalMillis, code, message, now, id, p.index,
                    typeName, Base64.getEncoder().encodeToString(p.source)));
            failedDocs.add(p);
            if (failureListener != null) {
                failedCauses.add(new EsBulkItemException(status, code, type, message, p.index, id, null));
            }
        }
    }

    private void complete(List<PendingDocument> batch, @Nullable HttpResponse<byte[]> response,
            @Nullable Throwable error, long startNanos) {
        Outcome o = new Outcome(clock.millis());
        Timer timer;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (response == null) {
            String code = cause instanceof HttpTimeoutException ? "Timeout" : "ConnectionFailed";
            String message = "no answer from " + bulkUri + ": " + cause;
            LOG.debug("_bulk request failed [index={}, documents={}, error={}]", index, batch.size(), String.valueOf(cause));
            for (PendingDocument p : batch) {
                o.retryOrFail(p, 0, code, null, message);
            }
            timer = requestsFailure;
        } else {
            int status = response.statusCode();
            switch (ItemClassifier.request(status)) {
                case READ_ITEMS:
                    timer = readItems(batch, response, o);
                    break;
                case SPLIT:
                    timer = requestsFailure;
                    if (batch.size() > 1) {
                        int half = batch.size() / 2;
                        LOG.debug("_bulk request too large, splitting [index={}, documents={}]", index, batch.size());
                        synchronized (lock) {
                            ready.addFirst(new ArrayList<>(batch.subList(half, batch.size())));
                            ready.addFirst(new ArrayList<>(batch.subList(0, half)));
                        }
                    } else {
                        o.fail(batch.get(0), status, "413", null,
                                "the document alone is larger than the server's http.max_content_length (HTTP 413)");
                    }
                    break;
                case RETRY:
                    timer = requestsFailure;
                    LOG.debug("_bulk request will be retried [index={}, documents={}, status={}]", index, batch.size(), status);
                    for (PendingDocument p : batch) {
                        o.retryOrFail(p, status, Integer.toString(status), null, excerpt(response.body()));
                    }
                    break;
                default:
                    timer = requestsFailure;
                    for (PendingDocument p : batch) {
                        o.fail(p, status, Integer.toString(status), null, excerpt(response.body()));
                    }
                    break;
            }
        }
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        finish(o);
    }

    private Timer readItems(List<PendingDocument> batch, HttpResponse<byte[]> response, Outcome o) {
        BulkResponseParser.Response parsed;
        try {
            parsed = BulkResponseParser.parse(response.body());
        } catch (IOException e) {
            for (PendingDocument p : batch) {
                o.retryOrFail(p, 0, "InvalidResponse", null, "unreadable _bulk answer: " + e.getMessage());
            }
            return requestsFailure;
        }
        if (!parsed.errors()) {
            for (PendingDocument p : batch) {
                o.indexed(p);
            }
            return requestsSuccess;
        }
        List<BulkResponseParser.Item> items = parsed.items();
        if (items.size() != batch.size()) {
            for (PendingDocument p : batch) {
                o.retryOrFail(p, 0, "InvalidResponse", null,
                        "_bulk answer has " + items.size() + " items for " + batch.size() + " documents");
            }
            return requestsFailure;
        }
        boolean allIndexed = true;
        for (int i = 0; i < batch.size(); i++) {
            PendingDocument p = batch.get(i);
            BulkResponseParser.Item item = items.get(i);
            switch (ItemClassifier.item(action, item.status())) {
                case INDEXED:
                    o.indexed(p);
                    break;
                case RETRY:
                    allIndexed = false;
                    o.retryOrFail(p, item.status(), Integer.toString(item.status()), item.errorType(), itemMessage(item));
                    break;
                default:
                    allIndexed = false;
                    o.fail(p, item.status(), Integer.toString(item.status()), item.errorType(), itemMessage(item));
                    break;
            }
        }
        return allIndexed ? requestsSuccess : requestsPartial;
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

    private void finish(Outcome o) {
        if (!o.retry.isEmpty()) {
            scheduleRetry(o.retry, o.now);
        }
        if (!o.failedRecords.isEmpty()) {
            writeFailed(o);
        }
        if (!o.indexedDocs.isEmpty()) {
            writeAll(o.indexedDocs, o.now);
        }
        int resolved = o.indexedCount + o.failedDocs.size();
        if (o.indexedCount > 0) {
            indexed.add(o.indexedCount);
            docsIndexed.increment(o.indexedCount);
        }
        if (!o.failedDocs.isEmpty()) {
            failed.add(o.failedDocs.size());
            docsFailed.increment(o.failedDocs.size());
            if (failureListener != null) {
                for (int i = 0; i < o.failedDocs.size(); i++) {
                    try {
                        failureListener.onFailed(o.failedDocs.get(i).document, o.failedCauses.get(i));
                    } catch (RuntimeException e) {
                        LOG.warn("es-sink failure listener threw [index={}]", index, e);
                    }
                }
            }
        }
        if (resolved > 0) {
            capacity.release(resolved);
            synchronized (lock) {
                outstanding -= resolved;
                if (outstanding == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    private void scheduleRetry(List<PendingDocument> docs, long now) {
        retried.add(docs.size());
        docsRetried.increment(docs.size());
        int attempts = 0;
        long remaining = Long.MAX_VALUE;
        for (PendingDocument p : docs) {
            attempts = Math.max(attempts, p.attempts);
            remaining = Math.min(remaining, p.firstAttemptMillis + retryDurationMillis - now);
        }
        long delay = Math.max(0, Math.min(backoff.delayMillis(attempts), remaining));
        List<PendingDocument> batch = new ArrayList<>(docs);
        Runnable requeue = () -> {
            synchronized (lock) {
                ready.addLast(batch);
            }
            dispatch();
        };
        try {
            scheduler.schedule(requeue, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            requeue.run();
        }
    }

    private void writeFailed(Outcome o) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("documents failed [index={}, count={}, firstError={}]", index, o.failedRecords.size(),
                    o.failedRecords.get(0).errorCode());
        }
        if (backupStore == null) {
            LOG.warn("documents failed and no backup store is configured: they are dropped [index={}, count={}]",
                    index, o.failedRecords.size());
            return;
        }
        StringBuilder sb = new StringBuilder(o.failedRecords.size() * 256);
        for (FailedDocument f : o.failedRecords) {
            sb.append(f.toJson()).append('\n');
        }
        put(FAILED_PREFIX, sb.toString().getBytes(StandardCharsets.UTF_8), o.now, o.failedRecords.size());
    }

    private void writeAll(List<PendingDocument> docs, long now) {
        if (backupStore == null) {
            return;
        }
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
        put("", body, now, docs.size());
    }

    private void put(String folder, byte[] content, long now, int count) {
        String key = backupKey(backupPrefix, folder, backupObjectPrefix, now, UUID.randomUUID().toString());
        try {
            backupStore.put(key, content);
        } catch (RuntimeException e) {
            LOG.error("could not write documents to the backup store [store={}, key={}, count={}]",
                    backupStore, key, count, e);
        }
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
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        return String.format("%s%s%04d/%02d/%02d/%02d/%s-1-%04d-%02d-%02d-%02d-%02d-%02d-%s", prefix, folder,
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), objectPrefix,
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), random);
    }

    @Override
    public String toString() {
        return "BulkSink[" + bulkUri + ", index=" + index + ", rotation=" + rotation.firehoseName() + "]";
    }

    /**
     * Builds a {@link BulkSink}. {@link #endpoint} and {@link #index} are required; everything else
     * has a documented {@code DEFAULT_*}. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable URI endpoint;
        private @Nullable String index;
        private @Nullable String typeName;
        private IndexRotation rotation = IndexRotation.NO_ROTATION;
        private BulkAction action = BulkAction.INDEX;
        private int maxBatchDocuments = DEFAULT_MAX_BATCH_DOCUMENTS;
        private long maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private Duration linger = DEFAULT_LINGER;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private int maxBufferedDocuments = DEFAULT_MAX_BUFFERED_DOCUMENTS;
        private Duration retryDuration = DEFAULT_RETRY_DURATION;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean gzip;
        private EsAuth auth = EsAuth.none();
        private @Nullable BackupStore backupStore;
        private BackupMode backupMode = BackupMode.FAILED_DOCUMENTS_ONLY;
        private String backupPrefix = "";
        private String backupObjectPrefix = DEFAULT_BACKUP_OBJECT_PREFIX;
        private @Nullable HttpClient httpClient;
        private @Nullable SSLContext sslContext;
        private @Nullable ScheduledExecutorService scheduler;
        private @Nullable MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private @Nullable FailureListener failureListener;

        private Builder() {
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
         * Sets the body bytes per request (uncompressed). Optional. Default: 5 MiB.
         *
         * @param maxBatchBytes at least 1
         * @return this builder
         */
        public Builder maxBatchBytes(long maxBatchBytes) {
            if (maxBatchBytes < 1) {
                throw new IllegalArgumentException("maxBatchBytes must be >= 1, got " + maxBatchBytes);
            }
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        /**
         * Sets how long a partial batch waits for more documents. Optional. Default: 1 s. Zero sends
         * whatever is buffered as soon as a request slot is free.
         *
         * @param linger zero or positive
         * @return this builder
         */
        public Builder linger(Duration linger) {
            this.linger = nonNegative(linger, "linger");
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
         * Sets how many documents may be unresolved before {@link BulkSink#add} blocks. Optional.
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
            this.retryDuration = nonNegative(retryDuration, "retryDuration");
            return this;
        }

        /**
         * Sets the delay before the first retry, doubled for each further one. Optional. Default: 100 ms.
         *
         * @param initialBackoff positive
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive(initialBackoff, "initialBackoff");
            return this;
        }

        /**
         * Sets the longest delay between retries. Optional. Default: 10 s.
         *
         * @param maxBackoff positive
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive(maxBackoff, "maxBackoff");
            return this;
        }

        /**
         * Sets the timeout of one request. Optional. Default: 60 s.
         *
         * @param requestTimeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
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
        public Builder backupStore(@Nullable BackupStore backupStore) {
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
         * Sets the scheduler for linger flushes and retries, owned by the caller. Optional.
         * Default: a daemon thread the sink owns.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(@Nullable ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Sets the meter registry. Optional. Default: a private registry (no-op until one is added).
         *
         * @param meterRegistry the registry
         * @return this builder
         */
        public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * Sets the clock of arrival times, retry deadlines and backup keys. Optional. Default: UTC system clock.
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
         */
        public BulkSink build() {
            return new BulkSink(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must be >= 0, got " + d);
            }
            return d;
        }

        private static Duration positive(Duration d, String name) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, got " + d);
            }
            return d;
        }
    }
}
