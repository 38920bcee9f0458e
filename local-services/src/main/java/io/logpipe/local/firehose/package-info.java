/**
 * A local Amazon Data Firehose endpoint, so the real AWS SDK (and {@code FirehoseSink}) can run and
 * be tested offline.
 *
 * <p>{@link io.logpipe.local.firehose.LocalFirehose} is the HTTP server speaking Firehose's JSON 1.1
 * protocol. Each delivery stream sends its accepted records to a
 * {@link io.logpipe.local.firehose.DeliveryDestination}: the built-in
 * {@link io.logpipe.local.firehose.S3DirectoryDestination} writes objects into a directory with
 * Firehose's key layout; other destinations (such as OpenSearch) plug in through a
 * {@link io.logpipe.local.firehose.DeliveryDestinationFactory}, usually by extending
 * {@link io.logpipe.local.firehose.BufferingDestination}, which implements the buffering hints.
 * {@link io.logpipe.local.firehose.FaultInjection} makes the endpoint fail the way Firehose does.
 */
@NullMarked
package io.logpipe.local.firehose;

import org.jspecify.annotations.NullMarked;
