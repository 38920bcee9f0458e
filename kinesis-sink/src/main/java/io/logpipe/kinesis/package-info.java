/**
 * A batching, asynchronous producer to an Amazon Kinesis data stream: {@link io.logpipe.kinesis.KinesisSink},
 * an adapter of sink-core's {@link io.logpipe.sink.DeliveryEngine} on the AWS SDK v2
 * {@code KinesisAsyncClient} ({@code PutRecords}). {@link io.logpipe.kinesis.PartitionKeyStrategy} picks each
 * record's shard; {@link io.logpipe.kinesis.KinesisClients} builds clients with logpipe's settings.
 */
@NullMarked
package io.logpipe.kinesis;

import org.jspecify.annotations.NullMarked;
