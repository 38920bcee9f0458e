/**
 * The Firehose producer: {@link io.logpipe.firehose.FirehoseSink} batches records into
 * {@code PutRecordBatch} calls by the service's limits, retries only what failed, gives up on what
 * cannot succeed, and applies back-pressure.
 *
 * <p>A record's fate is reported through its future: success, or a
 * {@link io.logpipe.firehose.FirehoseDeliveryException} with the error code. Records given up also go
 * to a {@link io.logpipe.firehose.DeadLetterHandler} ({@link io.logpipe.firehose.DirectoryDeadLetterHandler},
 * {@link io.logpipe.firehose.S3DeadLetterHandler}). {@link io.logpipe.firehose.FirehoseBilling} holds the
 * billing arithmetic behind record packing; {@link io.logpipe.firehose.FirehoseMetricNames} the meter
 * names. {@link io.logpipe.firehose.DeliveryStreams} creates, describes, waits for and deletes the
 * delivery streams the tutorial uses.
 */
@NullMarked
package io.logpipe.firehose;

import org.jspecify.annotations.NullMarked;
