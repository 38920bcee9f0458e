package io.logpipe.agent.internal;

import io.logpipe.agent.AgentConfig;
import io.logpipe.agent.AgentConfigException;
import io.logpipe.agent.AgentException;
import io.logpipe.agent.FlowConfig;
import io.logpipe.agent.RecordSender;
import io.logpipe.firehose.FirehoseSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClientBuilder;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * The default senders: one {@link FirehoseSink} per flow, on one {@link FirehoseAsyncClient} built
 * from {@code firehose.endpoint}. Closing closes the client.
 */
public final class FirehoseSenders implements RecordSender.Factory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseSenders.class);
    private static final Pattern AWS_HOST = Pattern.compile("firehose(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
    /** The tutorial's region, used when neither the endpoint nor the environment names one. */
    static final Region FALLBACK_REGION = Region.US_EAST_1;

    private final FirehoseAsyncClient client;
    private final MeterRegistry registry;
    private final String endpointDescription;

    private FirehoseSenders(FirehoseAsyncClient client, MeterRegistry registry, String endpointDescription) {
        this.client = client;
        this.registry = registry;
        this.endpointDescription = endpointDescription;
    }

    /**
     * Builds the client for a configuration.
     *
     * @param config the configuration
     * @param registry where the sinks record their metrics
     * @return the factory
     */
    public static FirehoseSenders create(AgentConfig config, MeterRegistry registry) {
        FirehoseAsyncClientBuilder b = FirehoseAsyncClient.builder();
        String endpoint = config.firehoseEndpoint();
        URI uri = endpoint == null ? null : endpointUri(endpoint);
        Region region = uri == null ? null : regionOf(uri.getHost());
        if (region == null) {
            try {
                region = new DefaultAwsRegionProviderChain().getRegion();
            } catch (RuntimeException e) {
                region = FALLBACK_REGION;
            }
        }
        b.region(region);
        if (uri != null) {
            b.endpointOverride(uri);
        }
        b.credentialsProvider(credentials(config, uri));
        return new FirehoseSenders(b.build(), registry, uri == null ? "the " + region + " endpoint" : uri.toString());
    }

    /** Turns {@code firehose.endpoint} into a URI: a host name as the agent takes it gets https. */
    static URI endpointUri(String endpoint) {
        String e = endpoint.trim();
        try {
            return e.contains("://") ? new URI(e) : new URI("https://" + e);
        } catch (URISyntaxException ex) {
            throw new AgentConfigException("firehose.endpoint '" + endpoint + "' is neither a host name nor a URL", ex);
        }
    }

    static @Nullable Region regionOf(@Nullable String host) {
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
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static AwsCredentialsProvider credentials(AgentConfig config, @Nullable URI uri) {
        if (config.awsAccessKeyId() != null && config.awsSecretAccessKey() != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.awsAccessKeyId(), config.awsSecretAccessKey()));
        }
        if (uri != null && isLoopback(uri.getHost())) {
            // a local endpoint does not check signatures
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("logpipe", "logpipe"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public RecordSender create(FlowConfig flow) {
        FirehoseSink sink = FirehoseSink.builder()
                .client(client)
                .deliveryStream(flow.deliveryStream())
                .maxBatchRecords(flow.maxBufferSizeRecords())
                .maxBatchBytes(flow.maxBufferSizeBytes())
                .linger(flow.maxBufferAge())
                .meterRegistry(registry)
                .build();
        return new Sender(sink, flow.deliveryStream());
    }

    private final class Sender implements RecordSender {
        private final FirehoseSink sink;
        private final String stream;

        Sender(FirehoseSink sink, String stream) {
            this.sink = sink;
            this.stream = stream;
        }

        @Override
        public void verify() {
            CompletableFuture<?> f = client.describeDeliveryStream(b -> b.deliveryStreamName(stream));
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | CompletionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                if (c instanceof ResourceNotFoundException) {
                    throw new AgentException("delivery stream '" + stream + "' does not exist at " + endpointDescription
                            + ": create it, or correct deliveryStream in agent.json", c, false);
                }
                LOG.warn("Could not check the delivery stream; sending anyway [stream={}, error={}]", stream,
                        c.toString());
            } catch (TimeoutException e) {
                LOG.warn("Could not check the delivery stream in time; sending anyway [stream={}]", stream);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("interrupted while checking delivery stream '" + stream + "'", e, true);
            }
        }

        @Override
        public CompletableFuture<Void> send(byte[] record) {
            return sink.send(record);
        }

        @Override
        public void flush() {
            sink.flush();
        }

        @Override
        public void close() {
            sink.close();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
