package io.logpipe.examples;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;

/**
 * The agent's meters in CloudWatch, as the Kinesis Agent does with {@code cloudwatch.emitMetrics}: every
 * {@code logpipe.agent.*} meter is published once a minute to namespace {@value #DEFAULT_NAMESPACE}, each
 * tag ({@code stream}, and {@code result} or {@code kind} where the meter has one) a dimension. Off when
 * the Firehose endpoint is local ({@code http://}, loopback or {@code localhost}): local runs never call
 * AWS.
 *
 * <p>{@link #close()} publishes the last minute, then closes the client it built. Thread-safe.
 */
public final class AgentMetrics implements AutoCloseable {

    /** The CloudWatch namespace: {@value}. */
    public static final String DEFAULT_NAMESPACE = "logpipe/agent";
    /** How often meters are published: one minute (CloudWatch's standard resolution). */
    public static final Duration STEP = Duration.ofMinutes(1);

    private final CloudWatchAsyncClient client;
    private final CloudWatchMeterRegistry registry;

    private AgentMetrics(CloudWatchAsyncClient client, String namespace, Duration step) {
        this.client = client;
        Map<String, String> props = Map.of("cloudwatch.namespace", namespace, "cloudwatch.step", step.toMillis() + "ms");
        CloudWatchConfig config = props::get;
        this.registry = new CloudWatchMeterRegistry(config, Clock.SYSTEM, client);
    }

    /**
     * Tells whether a Firehose endpoint is a local stand-in.
     *
     * @param firehoseEndpoint {@code firehose.endpoint}, or {@code null} for the SDK's default
     * @return whether metrics stay local
     */
    public static boolean isLocal(@Nullable String firehoseEndpoint) {
        if (firehoseEndpoint == null || firehoseEndpoint.isBlank()) {
            return false;
        }
        String e = firehoseEndpoint.trim().toLowerCase(Locale.ROOT);
        if (e.startsWith("http://")) {
            return true;
        }
        String host = URI.create(e.contains("://") ? e : "https://" + e).getHost();
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1");
    }

    /**
     * Starts publishing.
     *
     * @param endpoint the CloudWatch endpoint, or {@code null} for the SDK's (which honours
     *     {@code AWS_ENDPOINT_URL_CLOUDWATCH})
     * @param namespace the namespace
     * @param step the publishing interval
     * @return the metrics; close them to publish the last step
     */
    public static AgentMetrics start(@Nullable URI endpoint, String namespace, Duration step) {
        CloudWatchAsyncClientBuilder b = CloudWatchAsyncClient.builder();
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return new AgentMetrics(b.build(), namespace, step);
    }

    /** @return the registry to give the agent */
    public CloudWatchMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
        client.close();
    }
}
