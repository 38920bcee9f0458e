package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients a stack uses, built from one region, one credentials provider and optional
 * endpoint overrides. Without an override for a service the SDK picks its endpoint as usual, and it
 * honours {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} itself (logpipe never
 * replaces them with a built-in endpoint).
 *
 * <p>Override keys ({@link #SERVICES}): {@code s3}, {@code firehose}, {@code iam}, {@code sts},
 * {@code opensearch}, {@code kinesisanalyticsv2}, {@code logs}, {@code tagging}, and {@code domain}
 * (the OpenSearch domain's own URL, used by {@code status} to count documents). With an S3 endpoint
 * override (or {@code AWS_ENDPOINT_URL[_S3]}) S3 uses path-style addressing, as local S3 servers need.
 *
 * <p>We close what we create: {@link #close()} closes every client built here. Thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class AwsClients implements AutoCloseable {

    /** The keys {@link Builder#endpoint(String, URI)} accepts. */
    public static final List<String> SERVICES = List.of("s3", "firehose", "iam", "sts", "opensearch",
            "kinesisanalyticsv2", "logs", "tagging", "domain");

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, URI> endpoints;
    private final SdkHttpClient http;
    private final S3Client s3;
    private final FirehoseAsyncClient firehose;
    private final IamClient iam;
    private final StsClient sts;
    private final OpenSearchClient openSearch;
    private final KinesisAnalyticsV2Client analytics;
    private final CloudWatchLogsClient logs;
    private final ResourceGroupsTaggingApiClient tagging;

    private AwsClients(Builder b) {
        this.region = b.region != null ? b.region : resolveRegion();
        this.credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build();
        this.endpoints = Map.copyOf(b.endpoints);
        this.http = UrlConnectionHttpClient.builder().build();
        this.s3 = configure(S3Client.builder().httpClient(http), "s3", region)
                .forcePathStyle(endpoints.containsKey("s3") || envEndpoint("S3") != null).build();
        this.firehose = configure(FirehoseAsyncClient.builder(), "firehose", region).build();
        this.iam = configure(IamClient.builder().httpClient(http), "iam", Region.AWS_GLOBAL).build();
        this.sts = configure(StsClient.builder().httpClient(http), "sts", region).build();
        this.openSearch = configure(OpenSearchClient.builder().httpClient(http), "opensearch", region).build();
        this.analytics = configure(KinesisAnalyticsV2Client.builder().httpClient(http), "kinesisanalyticsv2", region)
                .build();
        this.logs = configure(CloudWatchLogsClient.builder().httpClient(http), "logs", region).build();
        this.tagging = configure(ResourceGroupsTaggingApiClient.builder().httpClient(http), "tagging", region).build();
    }

    /**
     * Returns a builder: the SDK's default region and credentials chains, no overrides.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, Region r) {
        builder.region(r).credentialsProvider(credentials);
        URI e = endpoints.get(service);
        if (e != null) {
            builder.endpointOverride(e);
        }
        return builder;
    }

    private static Region resolveRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            throw new AwsDeployException("No AWS region is configured: pass --region (for example us-east-1), set"
                    + " AWS_REGION, or set region in ~/.aws/config (aws configure).", "NoRegion", e, false);
        }
    }

    private static @Nullable String envEndpoint(String service) {
        String specific = System.getenv("AWS_ENDPOINT_URL_" + service);
        return specific != null ? specific : System.getenv("AWS_ENDPOINT_URL");
    }

    /** @return the region */
    public Region region() {
        return region;
    }

    /** @return the credentials provider */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * Returns the endpoint override for a key of {@link #SERVICES}.
     *
     * @param service the key
     * @return the override, or {@code null}
     */
    public @Nullable URI endpoint(String service) {
        return endpoints.get(service);
    }

    /** @return the S3 client */
    public S3Client s3() {
        return s3;
    }

    /** @return the Firehose client */
    public FirehoseAsyncClient firehose() {
        return firehose;
    }

    /** @return the IAM client */
    public IamClient iam() {
        return iam;
    }

    /** @return the STS client */
    public StsClient sts() {
        return sts;
    }

    /** @return the OpenSearch Service (control plane) client */
    public OpenSearchClient openSearch() {
        return openSearch;
    }

    /** @return the Managed Service for Apache Flink client */
    public KinesisAnalyticsV2Client analytics() {
        return analytics;
    }

    /** @return the CloudWatch Logs client */
    public CloudWatchLogsClient logs() {
        return logs;
    }

    /** @return the Resource Groups Tagging API client */
    public ResourceGroupsTaggingApiClient tagging() {
        return tagging;
    }

    /** Closes every client built here. */
    @Override
    public void close() {
        s3.close();
        firehose.close();
        iam.close();
        sts.close();
        openSearch.close();
        analytics.close();
        logs.close();
        tagging.close();
        http.close();
    }

    /** Builds {@link AwsClients}. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private @Nullable Region region;
        private @Nullable AwsCredentialsProvider credentials;
        private final Map<String, URI> endpoints = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the region. Optional. Default: the SDK's region chain ({@code AWS_REGION}, profile, ...).
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(@Nullable Region region) {
            this.region = region;
            return this;
        }

        /**
         * Sets the credentials. Optional. Default: the SDK's default credentials chain.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder credentials(@Nullable AwsCredentialsProvider provider) {
            this.credentials = provider;
            return this;
        }

        /**
         * Overrides one service's endpoint.
         *
         * @param service a key of {@link #SERVICES}
         * @param endpoint the endpoint, for example {@code http://127.0.0.1:4573}
         * @return this builder
         * @throws IllegalArgumentException for an unknown key
         */
        public Builder endpoint(String service, URI endpoint) {
            String key = Objects.requireNonNull(service, "service").toLowerCase(Locale.ROOT);
            if (!SERVICES.contains(key)) {
                throw new IllegalArgumentException("unknown service '" + service + "' in an endpoint override; use one of "
                        + SERVICES);
            }
            endpoints.put(key, Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Parses {@code service=url} overrides, as {@code --endpoint firehose=http://127.0.0.1:4573}.
         *
         * @param spec the text
         * @return this builder
         * @throws IllegalArgumentException if the text is not {@code service=url}
         */
        public Builder endpoint(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("endpoint override '" + spec + "' must be SERVICE=URL, for example"
                        + " firehose=http://127.0.0.1:4573; services: " + SERVICES);
            }
            return endpoint(spec.substring(0, eq).trim(), URI.create(spec.substring(eq + 1).trim()));
        }

        /**
         * Builds the clients.
         *
         * @return the clients, to be closed by the caller
         * @throws AwsDeployException if no region is given and none is configured
         */
        public AwsClients build() {
            return new AwsClients(this);
        }
    }
}
