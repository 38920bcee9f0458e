package io.logpipe.kinesis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.InetAddress;
import java.net.URI;
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
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The one way logpipe builds a Kinesis Data Streams client, with the same settings as
 * {@code FirehoseClients} builds Firehose clients:
 *
 * <ul>
 *   <li><b>SDK retries off</b>: {@link KinesisSink} retries itself, entry by entry and within its own
 *       budget; the SDK's retries would re-send the accepted entries of a partly failed call and hide
 *       throttles from the sink's in-flight limit.
 *   <li><b>Region</b>: the one given, else the one in an AWS endpoint's host name
 *       ({@code kinesis.eu-west-1.amazonaws.com}), else the SDK's region chain, else {@code us-east-1}.
 *   <li><b>Credentials</b>: the provider given, else static dummy credentials for a loopback endpoint
 *       (a local server checks no signature), else the SDK's default chain.
 *   <li><b>CBOR off for a loopback endpoint</b>: the SDK speaks CBOR to Kinesis by default; kinesalite
 *       (the local server, see local-services) stores CBOR byte strings wrongly (the record's data comes
 *       back as an object, not its bytes), so for a loopback endpoint the factory sets the SDK's
 *       {@code aws.cborEnabled} system property to {@code false} unless it is set already. The SDK
 *       reads that setting for every request of every client in the JVM: Kinesis clients to AWS in the
 *       same JVM then speak JSON too, which the service supports as fully (the payload is base64, a
 *       third larger on the wire).
 *   <li><b>HTTP</b>: Netty, HTTP/1.1 ({@code PutRecords} needs no HTTP/2, which only
 *       {@code SubscribeToShard} uses, and a local server speaks plain HTTP/1.1), with room for
 *       {@link Builder#maxConcurrency} connections.
 * </ul>
 *
 * <p><b>Why a copy of {@code FirehoseClients}' rules.</b> The loopback test, the region and
 * credential choice and the builder's four settings (about 70 lines) are the same as in
 * {@code io.logpipe.firehose.FirehoseClients}, written twice on purpose: the one module both sinks
 * share, sink-core, stays free of the AWS SDK's core and Netty (es-sink users never load them), and a
 * dependency between the two sinks would put the Firehose SDK under every Kinesis user (and the
 * reverse). A third AWS sink would pay for a small shared module (as Flink's {@code -aws-base});
 * until then {@code KinesisClientsTest} checks that both factories give the same answers.
 *
 * <p>The caller owns the client it builds and closes it. The builder is not thread-safe; the client is.
 */
@API(status = EXPERIMENTAL)
public final class KinesisClients {

    /** The region used when neither the endpoint, the caller nor the environment names one. */
    public static final Region FALLBACK_REGION = Region.US_EAST_1;

    /** Default {@link Builder#maxConcurrency}: 50 connections. */
    public static final int DEFAULT_MAX_CONCURRENCY = 50;

    private static final Pattern AWS_HOST =
            Pattern.compile("kinesis(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    private KinesisClients() {}

    /**
     * Returns a new builder.
     *
     * @return a builder with every option at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the region an AWS Kinesis host name names.
     *
     * @param host a host name, or {@code null}
     * @return the region of {@code kinesis.<region>.amazonaws.com}, or {@code null} for any other host
     */
    public static @Nullable Region regionOf(@Nullable String host) {
        if (host == null) {
            return null;
        }
        Matcher m = AWS_HOST.matcher(host);
        return m.matches() ? Region.of(m.group(1)) : null;
    }

    static boolean isLoopback(@Nullable String host) {
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
         * Sets the endpoint. Optional. Default: the region's Kinesis endpoint.
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

        AwsCredentialsProvider resolvedCredentials() {
            if (credentialsProvider != null) {
                return credentialsProvider;
            }
            if (endpoint != null && isLoopback(endpoint.getHost())) {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create("logpipe-local", "logpipe-local"));
            }
            return DefaultCredentialsProvider.builder().build();
        }

        /**
         * Builds the client. The caller owns it and closes it.
         *
         * @return the client
         */
        public KinesisAsyncClient build() {
            if (endpoint != null && isLoopback(endpoint.getHost())
                    && System.getProperty(SdkSystemSetting.CBOR_ENABLED.property()) == null) {
                System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
            }
            var b = KinesisAsyncClient.builder()
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConcurrency)
                            .protocol(Protocol.HTTP1_1))
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
