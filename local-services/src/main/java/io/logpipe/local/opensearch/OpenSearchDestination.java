package io.logpipe.local.opensearch;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.es.BackupMode;
import io.logpipe.sink.FailedRecordStore;
import io.logpipe.es.BulkSink;
import io.logpipe.es.BulkSinkStats;
import io.logpipe.es.EsDocument;
import io.logpipe.es.IndexRotation;
import io.logpipe.local.firehose.BufferingDestination;
import io.logpipe.local.firehose.DeliveryDestination;
import io.logpipe.local.firehose.DeliveryDestinationFactory;
import io.logpipe.local.firehose.DestinationContext;
import io.logpipe.local.firehose.LocalFirehoseException;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The local Firehose's OpenSearch (or Elasticsearch) destination: records buffered by the stream's
 * {@code BufferingHints} are indexed through es-sink's {@link BulkSink} into
 * {@code IndexName} with the stream's {@code IndexRotationPeriod} (from the UTC arrival time of the
 * buffer's oldest record), {@code TypeName}, {@code RetryOptions.DurationInSeconds},
 * {@code DocumentIdOptions} and {@code S3BackupMode}; documents that could not be indexed are
 * written as Firehose's failed-document JSON under
 * {@code <S3 Prefix>AmazonOpenSearchService-failed/yyyy/MM/dd/HH/} in the endpoint's directory
 * (which stands in for every bucket), and with {@code AllDocuments} every document also goes under
 * {@code <S3 Prefix>yyyy/MM/dd/HH/}.
 *
 * <p>Register it with the endpoint:
 *
 * <pre>{@code
 * LocalFirehose.builder().directory(dir)
 *     .destinationFactory(OpenSearchDestination.factory())
 *     .destinationFactory(OpenSearchDestination.elasticsearchFactory())
 *     .build();
 * }</pre>
 *
 * <p>The cluster is the configuration's {@code ClusterEndpoint} ({@code http} is accepted
 * locally), or, for a {@code DomainARN}, the URL the factory maps that ARN (or its domain name) to,
 * or the factory's default endpoint. With {@code FIREHOSE_DEFAULT} document ids (the default) each
 * record gets an id when it is buffered, kept across retries, so a retry never duplicates;
 * {@code NO_DOCUMENT_ID} lets the server choose.
 *
 * <p>A group is written synchronously: the write returns when every document is indexed or backed
 * up, which with an unreachable cluster takes up to the retry duration. Thread-safe.
 */
@API(status = STABLE)
public final class OpenSearchDestination extends BufferingDestination {

    /** The configuration member Firehose's current API uses: {@value}. */
    public static final String OPENSEARCH_CONFIGURATION = "AmazonopensearchserviceDestinationConfiguration";
    /** The configuration member of the older Elasticsearch destination: {@value}. */
    public static final String ELASTICSEARCH_CONFIGURATION = "ElasticsearchDestinationConfiguration";
    /** Firehose's default {@code BufferingHints.SizeInMBs}: {@value}. */
    public static final int DEFAULT_SIZE_MB = 5;
    /** Firehose's default {@code BufferingHints.IntervalInSeconds}: {@value}. */
    public static final int DEFAULT_INTERVAL_SECONDS = 300;
    /** Firehose's default {@code RetryOptions.DurationInSeconds}: {@value}. */
    public static final int DEFAULT_RETRY_SECONDS = 300;

    private final BulkSink sink;
    private final String indexName;
    private final IndexRotation rotation;
    private final boolean firehoseIds;
    private final String idPrefix;
    private final AtomicLong idCounter = new AtomicLong();
    private final ObjectNode description;

    private OpenSearchDestination(DestinationContext context, long sizeBytes, Duration interval, BulkSink sink,
            String indexName, IndexRotation rotation, boolean firehoseIds, ObjectNode description) {
        super(context, sizeBytes, interval);
        this.sink = sink;
        this.indexName = indexName;
        this.rotation = rotation;
        this.firehoseIds = firehoseIds;
        this.idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + "-";
        this.description = description;
    }

    /**
     * Returns the factory for {@value #OPENSEARCH_CONFIGURATION} requests, without domain mapping.
     *
     * @return the factory
     */
    public static DeliveryDestinationFactory factory() {
        return builder().build();
    }

    /**
     * Returns the factory for {@value #ELASTICSEARCH_CONFIGURATION} requests, without domain mapping.
     *
     * @return the factory
     */
    public static DeliveryDestinationFactory elasticsearchFactory() {
        return builder().configurationKey(ELASTICSEARCH_CONFIGURATION).build();
    }

    /**
     * Returns a builder of factories, to map {@code DomainARN}s to local servers.
     *
     * @return a builder for {@value #OPENSEARCH_CONFIGURATION}
     */
    public static FactoryBuilder builder() {
        return new FactoryBuilder();
    }

    @Override
    protected void write(List<byte[]> records, Instant firstArrival) {
        String index = rotation.indexName(indexName, firstArrival);
        for (byte[] r : records) {
            EsDocument d = EsDocument.of(r).withIndex(index);
            if (firehoseIds) {
                d = d.withId(idPrefix + idCounter.incrementAndGet());
            }
            sink.add(d);
        }
        sink.flush().join();
    }

    /**
     * Returns the sink's counts (indexed, failed, retried).
     *
     * @return the counts so far
     */
    public BulkSinkStats stats() {
        return sink.stats();
    }

    @Override
    public ObjectNode description() {
        return description.deepCopy();
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            sink.close();
        }
    }

    /** Builds a {@link DeliveryDestinationFactory} for OpenSearch destinations. Not thread-safe. */
    public static final class FactoryBuilder {
        private String configurationKey = OPENSEARCH_CONFIGURATION;
        private final Map<String, URI> domains = new LinkedHashMap<>();
        private @Nullable URI defaultEndpoint;
        private @Nullable MeterRegistry registry;

        private FactoryBuilder() {
        }

        /**
         * Sets the registry the destinations' es-sink {@link BulkSink}s record their
         * {@code logpipe.es.*} meters in. Optional. Default: none (nothing is recorded).
         *
         * @param registry the registry; never closed by the destinations
         * @return this builder
         */
        public FactoryBuilder meterRegistry(MeterRegistry registry) {
            this.registry = requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Sets the request member handled. Optional. Default: {@value #OPENSEARCH_CONFIGURATION}.
         *
         * @param configurationKey {@value #OPENSEARCH_CONFIGURATION} or {@value #ELASTICSEARCH_CONFIGURATION}
         * @return this builder
         */
        public FactoryBuilder configurationKey(String configurationKey) {
            if (!configurationKey.equals(OPENSEARCH_CONFIGURATION) && !configurationKey.equals(ELASTICSEARCH_CONFIGURATION)) {
                throw new IllegalArgumentException("configurationKey must be " + OPENSEARCH_CONFIGURATION + " or "
                        + ELASTICSEARCH_CONFIGURATION + ", got '" + configurationKey + "'");
            }
            this.configurationKey = configurationKey;
            return this;
        }

        /**
         * Maps a {@code DomainARN}, or the domain name at its end ({@code domain/<name>}), to a local
         * server. Optional.
         *
         * @param domainArnOrName for example {@code arn:aws:es:us-east-1:123456789012:domain/web-log-summary}
         *     or {@code web-log-summary}
         * @param endpoint the server's URL
         * @return this builder
         */
        public FactoryBuilder domain(String domainArnOrName, URI endpoint) {
            domains.put(requireNonNull(domainArnOrName, "domainArnOrName"), requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Sets the server used for a {@code DomainARN} that is not mapped. Optional. Default: none
         * (such a request is rejected).
         *
         * @param endpoint the server's URL
         * @return this builder
         */
        public FactoryBuilder defaultEndpoint(@Nullable URI endpoint) {
            this.defaultEndpoint = endpoint;
            return this;
        }

        /**
         * Builds the factory.
         *
         * @return the factory
         */
        public DeliveryDestinationFactory build() {
            String key = configurationKey;
            Map<String, URI> map = Map.copyOf(domains);
            URI fallback = defaultEndpoint;
            MeterRegistry meters = registry;
            return new DeliveryDestinationFactory() {
                @Override
                public String configurationKey() {
                    return key;
                }

                @Override
                public DeliveryDestination create(DestinationContext context, JsonNode c) {
                    return OpenSearchDestination.create(key, map, fallback, meters, context, c);
                }
            };
        }
    }

    static OpenSearchDestination create(String key, Map<String, URI> domains, @Nullable URI fallback,
            @Nullable MeterRegistry registry, DestinationContext context, JsonNode c) {
        String index = text(c, "IndexName");
        if (index == null || index.isEmpty() || index.length() > 80) {
            throw LocalFirehoseException.validation("IndexName must be 1 to 80 characters, was '" + index + "'");
        }
        if (!index.equals(index.toLowerCase(Locale.ROOT))) {
            throw LocalFirehoseException.invalidArgument("IndexName must be lowercase for OpenSearch, was '" + index + "'");
        }
        URI endpoint = endpoint(c, domains, fallback);
        IndexRotation rotation;
        BackupMode backupMode;
        try {
            rotation = IndexRotation.of(c.path("IndexRotationPeriod").asText("OneDay"));
            backupMode = BackupMode.of(c.path("S3BackupMode").asText("FailedDocumentsOnly"));
        } catch (IllegalArgumentException e) {
            throw LocalFirehoseException.validation(Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
        int sizeMb = c.path("BufferingHints").path("SizeInMBs").asInt(DEFAULT_SIZE_MB);
        int intervalSeconds = c.path("BufferingHints").path("IntervalInSeconds").asInt(DEFAULT_INTERVAL_SECONDS);
        int retrySeconds = c.path("RetryOptions").path("DurationInSeconds").asInt(DEFAULT_RETRY_SECONDS);
        if (sizeMb < 1 || sizeMb > 100) {
            throw LocalFirehoseException.validation("BufferingHints.SizeInMBs must be 1..100, was " + sizeMb);
        }
        if (intervalSeconds < 0 || intervalSeconds > 900) {
            throw LocalFirehoseException.validation("BufferingHints.IntervalInSeconds must be 0..900, was " + intervalSeconds);
        }
        if (retrySeconds < 0 || retrySeconds > 7200) {
            throw LocalFirehoseException.validation("RetryOptions.DurationInSeconds must be 0..7200, was " + retrySeconds);
        }
        String idFormat = c.path("DocumentIdOptions").path("DefaultDocumentIdFormat").asText("FIREHOSE_DEFAULT");
        if (!idFormat.equals("FIREHOSE_DEFAULT") && !idFormat.equals("NO_DOCUMENT_ID")) {
            throw LocalFirehoseException.validation(
                    "DocumentIdOptions.DefaultDocumentIdFormat must be FIREHOSE_DEFAULT or NO_DOCUMENT_ID, was " + idFormat);
        }
        JsonNode s3 = c.path("S3Configuration");
        if (!s3.hasNonNull("BucketARN")) {
            throw LocalFirehoseException.validation("1 validation error detected: Value null at 'S3Configuration.BucketARN'");
        }
        String prefix = s3.path("Prefix").asText("");
        String typeName = text(c, "TypeName");
        long sizeBytes = (long) sizeMb * 1024 * 1024;
        BulkSink.Builder sinkBuilder = BulkSink.builder();
        if (registry != null) {
            sinkBuilder.meterRegistry(registry);
        }
        BulkSink sink = sinkBuilder
                .endpoint(endpoint)
                .index(index)
                .typeName(typeName)
                .maxBatchBytes(sizeBytes)
                .maxBatchDocuments(Integer.MAX_VALUE)
                .maxBufferedDocuments(Integer.MAX_VALUE)
                .linger(Duration.ofHours(1))
                .retryDuration(Duration.ofSeconds(retrySeconds))
                .backupStore(FailedRecordStore.directory(context.directory()))
                .backupMode(backupMode)
                .backupPrefix(prefix)
                .backupObjectPrefix(context.streamName())
                .clock(context.clock())
                .build();

        ObjectNode d = JsonNodeFactory.instance.objectNode();
        ObjectNode body = d.putObject(key.replace("Configuration", "Description"));
        for (String field : List.of("RoleARN", "DomainARN", "ClusterEndpoint", "TypeName")) {
            if (c.hasNonNull(field)) {
                body.put(field, c.get(field).asText());
            }
        }
        body.put("IndexName", index);
        body.put("IndexRotationPeriod", rotation.firehoseName());
        body.putObject("BufferingHints").put("SizeInMBs", sizeMb).put("IntervalInSeconds", intervalSeconds);
        body.putObject("RetryOptions").put("DurationInSeconds", retrySeconds);
        body.put("S3BackupMode", backupMode.firehoseName());
        ObjectNode s3d = body.putObject("S3DestinationDescription");
        s3d.put("BucketARN", s3.get("BucketARN").asText());
        s3d.put("Prefix", prefix);
        if (s3.hasNonNull("RoleARN")) {
            s3d.put("RoleARN", s3.get("RoleARN").asText());
        }
        body.putObject("DocumentIdOptions").put("DefaultDocumentIdFormat", idFormat);
        body.put("logpipeLocalEndpoint", endpoint.toString());
        return new OpenSearchDestination(context, sizeBytes, Duration.ofSeconds(intervalSeconds), sink, index, rotation,
                idFormat.equals("FIREHOSE_DEFAULT"), d);
    }

    private static URI endpoint(JsonNode c, Map<String, URI> domains, @Nullable URI fallback) {
        String cluster = text(c, "ClusterEndpoint");
        if (cluster != null) {
            URI u;
            try {
                u = URI.create(cluster);
            } catch (IllegalArgumentException e) {
                throw LocalFirehoseException.validation("ClusterEndpoint is not a URL: '" + cluster + "'");
            }
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw LocalFirehoseException.validation("ClusterEndpoint must be an http(s) URL, was '" + cluster + "'");
            }
            return u;
        }
        String arn = text(c, "DomainARN");
        if (arn == null) {
            throw LocalFirehoseException.validation("one of DomainARN or ClusterEndpoint is required");
        }
        URI mapped = domains.get(arn);
        if (mapped == null) {
            int slash = arn.lastIndexOf("domain/");
            mapped = slash < 0 ? null : domains.get(arn.substring(slash + "domain/".length()));
        }
        if (mapped == null) {
            mapped = fallback;
        }
        if (mapped == null) {
            throw LocalFirehoseException.invalidArgument("DomainARN " + arn + " is not mapped to a local server: "
                    + "use ClusterEndpoint (e.g. http://127.0.0.1:9200) or map the domain in the local endpoint");
        }
        return mapped;
    }

    private static @Nullable String text(JsonNode c, String field) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
