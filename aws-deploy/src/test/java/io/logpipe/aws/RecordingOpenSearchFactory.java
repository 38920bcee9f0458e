package io.logpipe.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.local.firehose.DeliveryDestination;
import io.logpipe.local.firehose.DeliveryDestinationFactory;
import io.logpipe.local.firehose.DestinationContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local Firehose's OpenSearch destination for tests that need no OpenSearch server: it keeps each
 * stream's {@code AmazonopensearchserviceDestinationConfiguration} for assertions and drops the records.
 */
public final class RecordingOpenSearchFactory implements DeliveryDestinationFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stream name to the destination configuration it was created with. */
    public final Map<String, JsonNode> configurations = new ConcurrentHashMap<>();

    @Override
    public String configurationKey() {
        return "AmazonopensearchserviceDestinationConfiguration";
    }

    @Override
    public DeliveryDestination create(DestinationContext context, JsonNode configuration) {
        configurations.put(context.streamName(), configuration);
        return new DeliveryDestination() {
            @Override
            public void deliver(List<byte[]> records) {
            }

            @Override
            public void flush() {
            }

            @Override
            public ObjectNode description() {
                ObjectNode d = JSON.createObjectNode();
                d.set("AmazonopensearchserviceDestinationDescription", configuration);
                return d;
            }

            @Override
            public void close() {
            }
        };
    }
}
