/**
 * The one delivery engine under every logpipe sink, and the contract the sinks share.
 *
 * <p>{@link io.logpipe.sink.DeliveryEngine} batches, limits what is in flight, applies
 * {@link io.logpipe.sink.Backpressure back-pressure}, retries within a
 * {@link io.logpipe.sink.RetryBudget} after a {@link io.logpipe.sink.Backoff}, completes one future
 * per record, and records {@link io.logpipe.sink.SinkMetrics meters}. A sink is an adapter: a
 * {@link io.logpipe.sink.BatchStrategy} that submits a batch and classifies each entry
 * ({@link io.logpipe.sink.BatchResult}, {@link io.logpipe.sink.Failure}). Records given up go to a
 * {@link io.logpipe.sink.FailedRecordStore} under Firehose's key layout
 * ({@link io.logpipe.sink.FirehoseKeyLayout}).
 */
@NullMarked
package io.logpipe.sink;

import org.jspecify.annotations.NullMarked;
