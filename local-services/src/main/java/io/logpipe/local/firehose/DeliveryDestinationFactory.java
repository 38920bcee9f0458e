package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import org.apiguardian.api.API;

/**
 * Creates the {@link DeliveryDestination} of a new delivery stream from its
 * {@code CreateDeliveryStream} request. A factory handles one destination configuration member of
 * that request, named by {@link #configurationKey()}; register it with
 * {@link LocalFirehose.Builder#destinationFactory(DeliveryDestinationFactory)}.
 *
 * <pre>{@code
 * LocalFirehose.builder()
 *     .directory(dir)
 *     .destinationFactory(new DeliveryDestinationFactory() {
 *         public String configurationKey() { return "AmazonopensearchserviceDestinationConfiguration"; }
 *         public DeliveryDestination create(DestinationContext context, JsonNode configuration) {
 *             return new MyOpenSearchDestination(context, configuration);
 *         }
 *     })
 *     .build();
 * }</pre>
 */
@API(status = STABLE)
public interface DeliveryDestinationFactory {

    /**
     * Returns the member of the {@code CreateDeliveryStream} request this factory handles, for
     * example {@code "AmazonopensearchserviceDestinationConfiguration"}.
     *
     * @return the JSON member name, as the SDK sends it
     */
    String configurationKey();

    /**
     * Creates the destination.
     *
     * @param context the stream's name, the endpoint's directory, clock and scheduler
     * @param configuration the value of the {@link #configurationKey()} member, as sent
     * @return the destination, open
     * @throws LocalFirehoseException to reject the configuration (for example
     *     {@link LocalFirehoseException#invalidArgument(String)}); the client sees that error
     */
    DeliveryDestination create(DestinationContext context, JsonNode configuration);
}
