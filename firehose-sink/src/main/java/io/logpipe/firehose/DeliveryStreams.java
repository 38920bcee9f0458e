package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.firehose.internal.ErrorClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceBufferingHints;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceIndexRotationPeriod;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceRetryOptions;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceS3BackupMode;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.S3DestinationConfiguration;

/**
 * Delivery-stream provisioning through the SDK: create, describe, wait until active, delete, and the
 * requests for the tutorial's two streams (Direct PUT to S3, and Direct PUT to OpenSearch).
 *
 * <pre>{@code
 * DeliveryStreams streams = new DeliveryStreams(firehoseAsyncClient);
 * streams.create(DeliveryStreams.s3Stream("web-log-ingestion-stream", bucketArn, roleArn)
 *         .bufferingHints(5, Duration.ofSeconds(300)).build());
 * streams.awaitActive("web-log-ingestion-stream", Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>The calls block. The client is the caller's and is never closed here. Service errors are thrown
 * as the SDK's exceptions (for example {@code ResourceInUseException} when the stream exists).
 * Thread-safe.
 */
@API(status = STABLE)
public final class DeliveryStreams {

    /** Default time between two {@code DescribeDeliveryStream} calls while waiting: 5 seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    private final FirehoseAsyncClient client;
    private final Duration pollInterval;

    /**
     * Creates a provisioner polling every {@link #DEFAULT_POLL_INTERVAL}.
     *
     * @param client the Firehose client, owned by the caller
     */
    public DeliveryStreams(FirehoseAsyncClient client) {
        this(client, DEFAULT_POLL_INTERVAL);
    }

    /**
     * Creates a provisioner.
     *
     * @param client the Firehose client, owned by the caller
     * @param pollInterval the time between two status checks while waiting, positive
     */
    public DeliveryStreams(FirehoseAsyncClient client, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
    }

    /**
     * Creates a delivery stream.
     *
     * @param request the request, for example from {@link #s3Stream} or {@link #openSearchStream}
     * @return the new stream's ARN
     * @throws SdkException the service's error, such as {@code ResourceInUseException}
     */
    public String create(CreateDeliveryStreamRequest request) {
        return join(client.createDeliveryStream(request)).deliveryStreamARN();
    }

    /**
     * Describes a delivery stream.
     *
     * @param name the stream name
     * @return its description
     * @throws ResourceNotFoundException if there is no such stream
     */
    public DeliveryStreamDescription describe(String name) {
        return join(client.describeDeliveryStream(b -> b.deliveryStreamName(name))).deliveryStreamDescription();
    }

    /**
     * Returns whether a delivery stream exists (in any state).
     *
     * @param name the stream name
     * @return {@code true} if {@code DescribeDeliveryStream} finds it
     */
    public boolean exists(String name) {
        try {
            describe(name);
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /**
     * Lists every delivery stream name, following pagination.
     *
     * @return the names
     */
    public List<String> list() {
        List<String> names = new ArrayList<>();
        String start = null;
        while (true) {
            String from = start;
            ListDeliveryStreamsResponse r = join(client.listDeliveryStreams(b -> b.limit(10000)
                    .exclusiveStartDeliveryStreamName(from)));
            names.addAll(r.deliveryStreamNames());
            if (!Boolean.TRUE.equals(r.hasMoreDeliveryStreams()) || r.deliveryStreamNames().isEmpty()) {
                return names;
            }
            start = names.get(names.size() - 1);
        }
    }

    /**
     * Waits until a delivery stream is {@code ACTIVE}.
     *
     * @param name the stream name
     * @param timeout the longest wait
     * @return the active stream's description
     * @throws FirehoseProvisioningException if creation failed or the timeout passed
     */
    public DeliveryStreamDescription awaitActive(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DeliveryStreamDescription d = describe(name);
            DeliveryStreamStatus status = d.deliveryStreamStatus();
            if (status == DeliveryStreamStatus.ACTIVE) {
                return d;
            }
            if (status == DeliveryStreamStatus.CREATING_FAILED || status == DeliveryStreamStatus.DELETING_FAILED) {
                throw new FirehoseProvisioningException("Delivery stream '" + name + "' is " + status
                        + (d.failureDescription() == null ? "" : ": " + d.failureDescription().details()), null, false);
            }
            sleepUntil(deadline, "Delivery stream '" + name + "' is still " + status + " after " + timeout);
        }
    }

    /**
     * Deletes a delivery stream (it may take a while to disappear; see {@link #awaitDeleted}).
     *
     * @param name the stream name
     * @throws ResourceNotFoundException if there is no such stream
     */
    public void delete(String name) {
        join(client.deleteDeliveryStream(b -> b.deliveryStreamName(name)));
    }

    /**
     * Waits until a delivery stream no longer exists.
     *
     * @param name the stream name
     * @param timeout the longest wait
     * @throws FirehoseProvisioningException if it still exists after the timeout
     */
    public void awaitDeleted(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (exists(name)) {
            sleepUntil(deadline, "Delivery stream '" + name + "' still exists after " + timeout);
        }
    }

    private void sleepUntil(long deadline, String timeoutMessage) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new FirehoseProvisioningException(timeoutMessage, null, true);
        }
        try {
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirehoseProvisioningException("Interrupted while waiting: " + timeoutMessage, e, true);
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable t = ErrorClassifier.unwrap(e);
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            throw e;
        }
    }

    /**
     * Starts the request for a Direct PUT stream delivering to S3 (the tutorial's
     * {@code web-log-ingestion-stream}).
     *
     * @param name the stream name
     * @param bucketArn the bucket, {@code arn:aws:s3:::name}
     * @param roleArn the role Firehose assumes to write to the bucket
     * @return a request builder
     */
    public static S3StreamBuilder s3Stream(String name, String bucketArn, String roleArn) {
        return new S3StreamBuilder(name, bucketArn, roleArn);
    }

    /**
     * Starts the request for a Direct PUT stream delivering to an OpenSearch Service domain (the
     * tutorial's {@code web-log-aggregated-data}).
     *
     * @param name the stream name
     * @param domainArn the domain ARN, or a cluster endpoint URL starting with {@code https://}
     * @param indexName the index name (1-80 characters)
     * @param roleArn the role Firehose assumes
     * @param backupBucketArn the bucket for failed (or all) documents
     * @return a request builder
     */
    public static OpenSearchStreamBuilder openSearchStream(String name, String domainArn, String indexName,
            String roleArn, String backupBucketArn) {
        return new OpenSearchStreamBuilder(name, domainArn, indexName, roleArn, backupBucketArn);
    }

    private static void checkHints(int sizeMb, int maxMb, Duration interval) {
        if (sizeMb < 1 || sizeMb > maxMb) {
            throw new IllegalArgumentException("buffering size must be 1.." + maxMb + " MiB, was " + sizeMb);
        }
        if (interval.isNegative() || interval.getSeconds() > 900) {
            throw new IllegalArgumentException("buffering interval must be 0..900 s, was " + interval);
        }
    }

    /** Builds a {@code CreateDeliveryStream} request for Direct PUT to S3. */
    @API(status = STABLE)
    public static final class S3StreamBuilder {
        private final String name;
        private final String bucketArn;
        private final String roleArn;
        private @Nullable String prefix;
        private @Nullable String errorOutputPrefix;
        private int sizeMb = 5;
        private Duration interval = Duration.ofSeconds(300);
        private CompressionFormat compression = CompressionFormat.UNCOMPRESSED;

        private S3StreamBuilder(String name, String bucketArn, String roleArn) {
            this.name = Objects.requireNonNull(name, "name");
            this.bucketArn = Objects.requireNonNull(bucketArn, "bucketArn");
            this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        }

        /**
         * Sets the key prefix. Optional. Default: none (Firehose's {@code YYYY/MM/dd/HH/}).
         *
         * @param prefix the prefix
         * @return this builder
         */
        public S3StreamBuilder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Sets the prefix of failed-delivery objects. Optional. Default: none.
         *
         * @param prefix the prefix
         * @return this builder
         */
        public S3StreamBuilder errorOutputPrefix(String prefix) {
            this.errorOutputPrefix = prefix;
            return this;
        }

        /**
         * Sets the buffering hints. Optional. Default: 5 MiB, 300 seconds.
         *
         * @param sizeMb 1 to 128 MiB
         * @param interval 0 to 900 seconds
         * @return this builder
         */
        public S3StreamBuilder bufferingHints(int sizeMb, Duration interval) {
            checkHints(sizeMb, 128, interval);
            this.sizeMb = sizeMb;
            this.interval = interval;
            return this;
        }

        /**
         * Sets the object compression. Optional. Default: {@code UNCOMPRESSED}.
         *
         * @param format the compression
         * @return this builder
         */
        public S3StreamBuilder compression(CompressionFormat format) {
            this.compression = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the {@code CreateDeliveryStream} request
         */
        public CreateDeliveryStreamRequest build() {
            return CreateDeliveryStreamRequest.builder()
                    .deliveryStreamName(name)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                            .bucketARN(bucketArn)
                            .roleARN(roleArn)
                            .prefix(prefix)
                            .errorOutputPrefix(errorOutputPrefix)
                            .bufferingHints(BufferingHints.builder().sizeInMBs(sizeMb)
                                    .intervalInSeconds((int) interval.getSeconds()).build())
                            .compressionFormat(compression)
                            .build())
                    .build();
        }
    }

    /** Builds a {@code CreateDeliveryStream} request for Direct PUT to OpenSearch Service. */
    @API(status = STABLE)
    public static final class OpenSearchStreamBuilder {
        private final String name;
        private final String domain;
        private final String indexName;
        private final String roleArn;
        private final String backupBucketArn;
        private AmazonopensearchserviceIndexRotationPeriod rotation = AmazonopensearchserviceIndexRotationPeriod.ONE_DAY;
        private Duration retryDuration = Duration.ofSeconds(300);
        private AmazonopensearchserviceS3BackupMode backupMode = AmazonopensearchserviceS3BackupMode.FAILED_DOCUMENTS_ONLY;
        private int sizeMb = 5;
        private Duration interval = Duration.ofSeconds(300);
        private @Nullable String backupPrefix;

        private OpenSearchStreamBuilder(String name, String domain, String indexName, String roleArn,
                String backupBucketArn) {
            this.name = Objects.requireNonNull(name, "name");
            this.domain = Objects.requireNonNull(domain, "domain");
            this.indexName = Objects.requireNonNull(indexName, "indexName");
            this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
            this.backupBucketArn = Objects.requireNonNull(backupBucketArn, "backupBucketArn");
            if (indexName.isEmpty() || indexName.length() > 80) {
                throw new IllegalArgumentException("indexName must be 1-80 characters, was '" + indexName + "'");
            }
        }

        /**
         * Sets the index rotation. Optional. Default: {@code OneDay} (the API's default; the tutorial's
         * console used {@code NoRotation}).
         *
         * @param period the rotation period
         * @return this builder
         */
        public OpenSearchStreamBuilder indexRotation(AmazonopensearchserviceIndexRotationPeriod period) {
            this.rotation = Objects.requireNonNull(period, "period");
            return this;
        }

        /**
         * Sets how long Firehose retries a failed bulk request. Optional. Default: 300 seconds.
         *
         * @param duration 0 to 7200 seconds
         * @return this builder
         */
        public OpenSearchStreamBuilder retryDuration(Duration duration) {
            if (duration.isNegative() || duration.getSeconds() > 7200) {
                throw new IllegalArgumentException("retryDuration must be 0..7200 s, was " + duration);
            }
            this.retryDuration = duration;
            return this;
        }

        /**
         * Sets which documents are backed up to S3. Optional. Default: {@code FailedDocumentsOnly}.
         *
         * @param mode the backup mode (cannot be changed after creation)
         * @return this builder
         */
        public OpenSearchStreamBuilder s3BackupMode(AmazonopensearchserviceS3BackupMode mode) {
            this.backupMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the key prefix of the S3 backup. Optional. Default: none.
         *
         * @param prefix the prefix
         * @return this builder
         */
        public OpenSearchStreamBuilder backupPrefix(String prefix) {
            this.backupPrefix = prefix;
            return this;
        }

        /**
         * Sets the buffering hints. Optional. Default: 5 MiB, 300 seconds.
         *
         * @param sizeMb 1 to 100 MiB
         * @param interval 0 to 900 seconds
         * @return this builder
         */
        public OpenSearchStreamBuilder bufferingHints(int sizeMb, Duration interval) {
            checkHints(sizeMb, 100, interval);
            this.sizeMb = sizeMb;
            this.interval = interval;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the {@code CreateDeliveryStream} request
         */
        public CreateDeliveryStreamRequest build() {
            AmazonopensearchserviceDestinationConfiguration.Builder d =
                    AmazonopensearchserviceDestinationConfiguration.builder()
                            .roleARN(roleArn)
                            .indexName(indexName)
                            .indexRotationPeriod(rotation)
                            .retryOptions(AmazonopensearchserviceRetryOptions.builder()
                                    .durationInSeconds((int) retryDuration.getSeconds()).build())
                            .s3BackupMode(backupMode)
                            .bufferingHints(AmazonopensearchserviceBufferingHints.builder().sizeInMBs(sizeMb)
                                    .intervalInSeconds((int) interval.getSeconds()).build())
                            .s3Configuration(S3DestinationConfiguration.builder()
                                    .bucketARN(backupBucketArn)
                                    .roleARN(roleArn)
                                    .prefix(backupPrefix)
                                    .compressionFormat(CompressionFormat.UNCOMPRESSED)
                                    .build());
            if (domain.startsWith("https://")) {
                d.clusterEndpoint(domain);
            } else {
                d.domainARN(domain);
            }
            return CreateDeliveryStreamRequest.builder()
                    .deliveryStreamName(name)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .amazonopensearchserviceDestinationConfiguration(d.build())
                    .build();
        }
    }
}
