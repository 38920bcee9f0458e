package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

/**
 * The one way logpipe builds a Firehose client: the sink, the agent and the command-line app all use
 * it, so they share one set of settings.
 *
 * <ul>
 *   <li><b>SDK retries off</b> ({@code AwsRetryStrategy.doNotRetry()}): {@link FirehoseSink} retries
 *       itself, entry by entry and within its own budget. The SDK's retries would re-send the
 *       accepted entries of a partly failed call, stack under the sink's own and hide throttles from
 *       its in-flight limit.
 *   <li><b>Region</b>: the one given, else the one in an AWS endpoint's host name
 *       ({@code firehose.eu-west-1.amazonaws.com}), else the SDK's region chain, else
 *       {@link #FALLBACK_REGION}.
 *   <li><b>Credentials</b>: the provider given, else static dummy credentials for a loopback
 *       endpoint (a local Firehose checks no signature), else the SDK's default chain.
 *   <li><b>HTTP</b>: Netty with room for {@link Builder#maxConcurrency} connections.
 * </ul>
 *
 * <pre>{@code
 * try (FirehoseAsyncClient client = FirehoseClients.builder().endpoint(URI.create("http://127.0.0.1:4573")).build()) {
 *     FirehoseSink sink = FirehoseSink.builder().client(client).deliveryStream("s").build();
 * }
 * }</pre>
 *
 * <p>{@code io.logpipe.kinesis.KinesisClients} applies the same rules to Kinesis Data Streams clients
 * (a deliberate copy, explained there; its tests check that the two agree).
 *
 * <p>The caller owns the client it builds and closes it. The builder is not thread-safe; the client is.
 */
@API(status = EXPERIMENTAL)
public final class FirehoseClients {

    /** The tutorial's region, used when neither the endpoint, the caller nor the environment names one. */
    public static final Region FALLBACK_REGION = Region.US_EAST_1;

    /** The access key id of the dummy credentials a loopback endpoint gets. */
    public static final String LOCAL_ACCESS_KEY_ID = "logpipe-local";

    /** Default {@link Builder#maxConcurrency}: 50 connections. */
    public static final int DEFAULT_MAX_CONCURRENCY = 50;

    private static final Pattern AWS_HOST =
            Pattern.compile("firehose(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    private FirehoseClients() {}

    /**
     * Returns a new builder.
     *
     * @return a builder with every option at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Turns an endpoint as the Kinesis Agent's {@code firehose.endpoint} takes it into a URI: a bare
     * host name gets {@code https://}, a URL is kept.
     *
     * @param endpoint a host name or a URL
     * @return the URI
     * @throws IllegalArgumentException naming the endpoint if it is neither
     */
    public static URI endpointUri(String endpoint) {
        String e = endpoint.trim();
        try {
            URI uri = e.contains("://") ? new URI(e) : new URI("https://" + e);
            if (uri.getHost() == null) {
                throw new URISyntaxException(e, "no host");
            }
            return uri;
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is neither a host name nor a URL: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * Returns the region an AWS Firehose host name names.
     *
     * @param host a host name, or {@code null}
     * @return the region of {@code firehose.<region>.amazonaws.com}, or {@code null} for any other host
     */
    public static @Nullable Region regionOf(@Nullable String host) {
        if (host == null) {
            return null;
        }
        Matcher m = AWS_HOST.matcher(host);
        return m.matches() ? Region.of(m.group(1)) : null;
    }

    /**
     * Returns whether a host is this machine's loopback interface, without a name lookup for other
     * hosts.
     *
     * @param host a host name or address, or {@code null}
     * @return {@code true} for {@code localhost}, {@code 127.x.x.x} and {@code ::1}
     */
    public static boolean isLoopback(@Nullable String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return (host.startsWith("127.") || host.startsWith("[") || host.equals("::1"))
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Builds a client with logpipe's settings (class javadoc). Not thread-safe. */
    public static final class Builder {

        private @Nullable URI endpoint;
        private @Nullable Region region;
        private @Nullable AwsCredentialsProvider credentialsProvider;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;

        private Builder() {}

        /**
         * Sets the endpoint. Optional. Default: the region's Firehose endpoint.
         *
         * @param endpoint the endpoint URL, or {@code null} for the default
         * @return this builder
         */
        public Builder endpoint(@Nullable URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the region. Optional. Default: the endpoint's region, the SDK's region chain, or
         * {@link #FALLBACK_REGION}.
         *
         * @param region the region, or {@code null} for the default
         * @return this builder
         */
        public Builder region(@Nullable Region region) {
            this.region = region;
            return this;
        }

        /**
         * Sets the credentials. Optional. Default: dummy credentials for a loopback endpoint, the SDK's
         * default chain otherwise.
         *
         * @param provider the provider, or {@code null} for the default
         * @return this builder
         */
        public Builder credentialsProvider(@Nullable AwsCredentialsProvider provider) {
            this.credentialsProvider = provider;
            return this;
        }

        /**
         * Sets the most concurrent HTTP connections. Optional. Default: {@value #DEFAULT_MAX_CONCURRENCY}.
         *
         * @param connections at least 1
         * @return this builder
         */
        public Builder maxConcurrency(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + connections);
            }
            this.maxConcurrency = connections;
            return this;
        }

        /** @return the region the client will use */
        Region resolvedRegion() {
            if (region != null) {
                return region;
            }
            Region fromHost = endpoint == null ? null : regionOf(endpoint.getHost());
            if (fromHost != null) {
                return fromHost;
            }
            try {
                return new DefaultAwsRegionProviderChain().getRegion();
            } catch (RuntimeException e) {
                return FALLBACK_REGION;
            }
        }

        /** @return the credentials the client will use */
        AwsCredentialsProvider resolvedCredentials() {
            if (credentialsProvider != null) {
                return credentialsProvider;
            }
            if (endpoint != null && isLoopback(endpoint.getHost())) {
                // a local endpoint checks no signature
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_ACCESS_KEY_ID, "logpipe-local"));
            }
            return DefaultCredentialsProvider.builder().build();
        }

        /**
         * Builds the client. The caller owns it and closes it.
         *
         * @return the client
         */
        public FirehoseAsyncClient build() {
            var b = FirehoseAsyncClient.builder()
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConcurrency))
                    // the sink retries itself, entry by entry and within its own budget (class javadoc)
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .region(resolvedRegion())
                    .credentialsProvider(resolvedCredentials());
            if (endpoint != null) {
                b.endpointOverride(Objects.requireNonNull(endpoint));
            }
            return b.build();
        }
    }
}
