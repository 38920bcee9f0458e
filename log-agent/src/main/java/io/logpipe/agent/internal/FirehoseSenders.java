package io.logpipe.agent.internal;

import io.logpipe.agent.AgentConfig;
import io.logpipe.agent.AgentConfigException;
import io.logpipe.agent.AgentException;
import io.logpipe.agent.FlowConfig;
import io.logpipe.agent.RecordSender;
import io.logpipe.firehose.FirehoseClients;
import io.logpipe.firehose.FirehoseSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * The default senders: one {@link FirehoseSink} per flow, on one {@link FirehoseAsyncClient} built
 * from {@code firehose.endpoint} by {@link FirehoseClients} (SDK retries off: the sink owns retries; dummy
 * credentials for a loopback endpoint). Closing closes the client.
 */
public final class FirehoseSenders implements RecordSender.Factory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseSenders.class);

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
        String endpoint = config.firehoseEndpoint();
        URI uri = endpoint == null ? null : endpointUri(endpoint);
        FirehoseClients.Builder b = FirehoseClients.builder().endpoint(uri);
        if (config.awsAccessKeyId() != null && config.awsSecretAccessKey() != null) {
            b.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.awsAccessKeyId(), config.awsSecretAccessKey())));
        }
        FirehoseAsyncClient client = b.build();
        String description = uri == null ? "the " + client.serviceClientConfiguration().region() + " endpoint"
                : uri.toString();
        return new FirehoseSenders(client, registry, description);
    }

    /** Turns {@code firehose.endpoint} into a URI: a host name as the agent takes it gets https. */
    static URI endpointUri(String endpoint) {
        try {
            return FirehoseClients.endpointUri(endpoint);
        } catch (IllegalArgumentException ex) {
            throw new AgentConfigException("firehose.endpoint '" + endpoint + "' is neither a host name nor a URL", ex);
        }
    }

    static @Nullable Region regionOf(@Nullable String host) {
        return FirehoseClients.regionOf(host);
    }

    static boolean isLoopback(@Nullable String host) {
        return FirehoseClients.isLoopback(host);
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
