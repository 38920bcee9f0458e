package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Where a local delivery stream's records go: an S3-style directory ({@link S3DirectoryDestination}),
 * or any other destination plugged in through a {@link DeliveryDestinationFactory} (for example an
 * OpenSearch destination).
 *
 * <p>The endpoint calls {@link #deliver(List)} with the records of each {@code PutRecord} or
 * {@code PutRecordBatch} call that it accepted, before it answers the call: once {@code deliver}
 * returns, the destination owns the records and must not lose them while it is open (it buffers
 * them and writes them out by its buffering hints, see {@link BufferingDestination}). Calls come
 * from the endpoint's request threads concurrently: implementations must be thread-safe.
 */
@API(status = STABLE)
public interface DeliveryDestination extends AutoCloseable {

    /**
     * Takes accepted records, in arrival order. Never called with an empty list.
     *
     * @param records the records' bytes as the producer sent them (after base64 decoding); the
     *     destination may keep the arrays
     */
    void deliver(List<byte[]> records);

    /** Writes out everything buffered now, ignoring the buffering hints. */
    void flush();

    /**
     * Returns the {@code Destinations[0]} element of {@code DescribeDeliveryStream}, without
     * {@code DestinationId}: for example {@code {"ExtendedS3DestinationDescription": {...}}}.
     *
     * @return the destination description
     */
    ObjectNode description();

    /** Flushes and releases resources; called when the stream is deleted or the endpoint closes. */
    @Override
    void close();
}
