package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.apiguardian.api.API;

/**
 * What a {@link DeliveryDestinationFactory} gets to build a destination with.
 *
 * @param streamName the delivery stream's name
 * @param directory the endpoint's root directory, standing in for every S3 bucket
 * @param clock the endpoint's clock (UTC), for object keys and index rotation
 * @param scheduler the endpoint's scheduler, for buffering-interval flushes; owned by the endpoint
 */
@API(status = STABLE)
public record DestinationContext(String streamName, Path directory, Clock clock, ScheduledExecutorService scheduler) {}
