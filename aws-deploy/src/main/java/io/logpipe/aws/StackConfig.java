package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The names and settings of one stack. Immutable; build with {@link #builder()}.
 *
 * <p>Names derived from the stack name {@code S}, account {@code A} and region {@code R}: bucket
 * {@code S-A-R}; roles {@code S-firehose-s3}, {@code S-firehose-opensearch}, {@code S-analytics} under
 * the path {@code /logpipe/S/}; domain {@code S}; log group {@code /aws/kinesis-analytics/S}.
 */
@API(status = EXPERIMENTAL)
public final class StackConfig {

    /** The tag every resource of a stack carries, with the stack name as its value: {@value}. */
    public static final String TAG_KEY = "logpipe:stack";
    /** The default stack name: {@value}. */
    public static final String DEFAULT_STACK = "logpipe-tutorial";
    /** The tutorial's first delivery stream: {@value}. */
    public static final String DEFAULT_INGESTION_STREAM = "web-log-ingestion-stream";
    /** The tutorial's second delivery stream: {@value}. */
    public static final String DEFAULT_AGGREGATED_STREAM = "web-log-aggregated-data";
    /** The tutorial's index: {@value}. */
    public static final String DEFAULT_INDEX = "request_data";
    /** The analytics application's default name: {@value}. */
    public static final String DEFAULT_APPLICATION = "web-log-aggregation";
    /** The domain's default instance type: {@value}. */
    public static final String DEFAULT_INSTANCE_TYPE = "t3.small.search";
    /** The domain's default gp3 volume: {@value} GiB. */
    public static final int DEFAULT_VOLUME_GIB = 10;
    /** The key prefix Firehose #1 writes raw records under (and the job reads): {@value}. */
    public static final String RAW_PREFIX = "raw/";
    /** The key prefix for Firehose #1's failed deliveries: {@value}. */
    public static final String RAW_ERROR_PREFIX = "raw-errors/";
    /** The key prefix of Firehose #2's failed documents: {@value}. */
    public static final String FAILED_PREFIX = "failed/";
    /** The job jar's key in the bucket: {@value}. */
    public static final String JOB_KEY = "code/analytics-flink-job.jar";
    /** The default wait for the domain: {@value} minutes (it usually takes 10-20). */
    public static final int DEFAULT_DOMAIN_TIMEOUT_MINUTES = 40;
    /** The default wait for any other resource: {@value} minutes. */
    public static final int DEFAULT_TIMEOUT_MINUTES = 10;

    /** Stack names: lowercase, 3-28 characters (an OpenSearch domain name), starting with a letter. */
    private static final Pattern STACK = Pattern.compile("[a-z][a-z0-9-]{2,27}");

    private final String stackName;
    private final String ingestionStream;
    private final String aggregatedStream;
    private final String indexName;
    private final String applicationName;
    private final String instanceType;
    private final int volumeGiB;
    private final @Nullable Path jobJar;
    private final @Nullable Path stateFile;
    private final Duration pollInterval;
    private final Duration domainTimeout;
    private final Duration timeout;
    private final double recordsPerSecond;
    private final int recordBytes;

    private StackConfig(Builder b) {
        this.stackName = b.stackName;
        this.ingestionStream = b.ingestionStream;
        this.aggregatedStream = b.aggregatedStream;
        this.indexName = b.indexName;
        this.applicationName = b.applicationName;
        this.instanceType = b.instanceType;
        this.volumeGiB = b.volumeGiB;
        this.jobJar = b.jobJar;
        this.stateFile = b.stateFile;
        this.pollInterval = b.pollInterval;
        this.domainTimeout = b.domainTimeout;
        this.timeout = b.timeout;
        this.recordsPerSecond = b.recordsPerSecond;
        this.recordBytes = b.recordBytes;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the stack name, the value of the {@value #TAG_KEY} tag */
    public String stackName() {
        return stackName;
    }

    /** @return the first delivery stream's name (Direct PUT to S3) */
    public String ingestionStream() {
        return ingestionStream;
    }

    /** @return the second delivery stream's name (to OpenSearch) */
    public String aggregatedStream() {
        return aggregatedStream;
    }

    /** @return the OpenSearch index */
    public String indexName() {
        return indexName;
    }

    /** @return the Managed Flink application's name */
    public String applicationName() {
        return applicationName;
    }

    /** @return the domain's instance type */
    public String instanceType() {
        return instanceType;
    }

    /** @return the domain's gp3 volume in GiB */
    public int volumeGiB() {
        return volumeGiB;
    }

    /** @return the analytics job jar to upload, or {@code null} if none was given */
    public @Nullable Path jobJar() {
        return jobJar;
    }

    /** @return the state file given, or {@code null} for the default ({@link StackState#defaultFile}) */
    public @Nullable Path stateFile() {
        return stateFile;
    }

    /** @return the time between two status checks while waiting */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** @return the longest wait for the domain */
    public Duration domainTimeout() {
        return domainTimeout;
    }

    /** @return the longest wait for any other resource */
    public Duration timeout() {
        return timeout;
    }

    /** @return the records per second the plan assumes for usage-priced parts */
    public double recordsPerSecond() {
        return recordsPerSecond;
    }

    /** @return the average record size in bytes the plan assumes */
    public int recordBytes() {
        return recordBytes;
    }

    /** @return the bucket name for an account and region */
    String bucketName(String account, String region) {
        return stackName + "-" + account + "-" + region;
    }

    /** @return the OpenSearch domain name */
    public String domainName() {
        return stackName;
    }

    /** @return the log group of the application */
    public String logGroupName() {
        return "/aws/kinesis-analytics/" + stackName;
    }

    /** @return the IAM path under which the stack's roles live */
    public String rolePath() {
        return "/logpipe/" + stackName + "/";
    }

    /** Builds a {@link StackConfig}. Every setting is optional. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private String stackName = DEFAULT_STACK;
        private String ingestionStream = DEFAULT_INGESTION_STREAM;
        private String aggregatedStream = DEFAULT_AGGREGATED_STREAM;
        private String indexName = DEFAULT_INDEX;
        private String applicationName = DEFAULT_APPLICATION;
        private String instanceType = DEFAULT_INSTANCE_TYPE;
        private int volumeGiB = DEFAULT_VOLUME_GIB;
        private @Nullable Path jobJar;
        private @Nullable Path stateFile;
        private Duration pollInterval = Duration.ofSeconds(15);
        private Duration domainTimeout = Duration.ofMinutes(DEFAULT_DOMAIN_TIMEOUT_MINUTES);
        private Duration timeout = Duration.ofMinutes(DEFAULT_TIMEOUT_MINUTES);
        private double recordsPerSecond = 10;
        private int recordBytes = 330;

        private Builder() {
        }

        /**
         * Sets the stack name. Default: {@value StackConfig#DEFAULT_STACK}.
         *
         * @param name 3-28 characters of {@code [a-z0-9-]}, starting with a letter
         * @return this builder
         */
        public Builder stackName(String name) {
            if (!STACK.matcher(Objects.requireNonNull(name, "name")).matches()) {
                throw new IllegalArgumentException("stack name '" + name + "' must be 3-28 characters of a-z, 0-9"
                        + " and '-', starting with a letter (it names the OpenSearch domain and the bucket)");
            }
            this.stackName = name;
            return this;
        }

        /**
         * Sets the first stream's name. Default: {@value StackConfig#DEFAULT_INGESTION_STREAM}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder ingestionStream(String name) {
            this.ingestionStream = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the second stream's name. Default: {@value StackConfig#DEFAULT_AGGREGATED_STREAM}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder aggregatedStream(String name) {
            this.aggregatedStream = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the application's name. Default: {@value StackConfig#DEFAULT_APPLICATION}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder applicationName(String name) {
            this.applicationName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the analytics job jar {@code up} uploads. Required for {@code up}; without it {@code up}
         * says how to build it.
         *
         * @param jar the {@code analytics-flink-<version>-job.jar}
         * @return this builder
         */
        public Builder jobJar(@Nullable Path jar) {
            this.jobJar = jar;
            return this;
        }

        /**
         * Sets the state file. Default: {@link StackState#defaultFile(String, String)}.
         *
         * @param file the file
         * @return this builder
         */
        public Builder stateFile(@Nullable Path file) {
            this.stateFile = file;
            return this;
        }

        /**
         * Sets the time between two status checks while waiting. Default: 15 s.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Sets the longest waits. Defaults: {@value StackConfig#DEFAULT_DOMAIN_TIMEOUT_MINUTES} minutes
         * for the domain, {@value StackConfig#DEFAULT_TIMEOUT_MINUTES} for the rest.
         *
         * @param domain the domain's
         * @param other any other resource's
         * @return this builder
         */
        public Builder timeouts(Duration domain, Duration other) {
            this.domainTimeout = Objects.requireNonNull(domain, "domain");
            this.timeout = Objects.requireNonNull(other, "other");
            return this;
        }

        /**
         * Sets the traffic the plan assumes for the usage-priced parts. Default: 10 records/s of 330
         * bytes (the generator's {@code --rate 10}).
         *
         * @param perSecond records per second, at least 0
         * @param bytes average record size, at least 1
         * @return this builder
         */
        public Builder traffic(double perSecond, int bytes) {
            if (perSecond < 0 || bytes < 1) {
                throw new IllegalArgumentException("traffic must be >= 0 records/s of >= 1 byte, was "
                        + perSecond + " x " + bytes);
            }
            this.recordsPerSecond = perSecond;
            this.recordBytes = bytes;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public StackConfig build() {
            return new StackConfig(this);
        }
    }
}
