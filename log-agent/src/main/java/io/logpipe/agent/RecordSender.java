package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;

/**
 * Where a flow sends its records: one future per record, completed when the destination has
 * acknowledged that record, or completed exceptionally when it failed. The agent commits a
 * checkpoint only past records whose futures succeeded, in file order, and sends a failed record
 * again unless the failure is not retryable (a {@link io.logpipe.model.LogpipeException} with
 * {@code retryable() == false}, such as a delivery stream that does not exist), which stops the flow.
 *
 * <p>The default implementation batches into Firehose {@code PutRecordBatch} calls. Implementations
 * must be thread-safe: futures may complete on any thread.
 */
@API(status = EXPERIMENTAL)
public interface RecordSender extends AutoCloseable {

    /**
     * Checks that the destination exists and may be written, before the flow reads anything.
     *
     * @throws AgentException if it does not, with a message naming it
     */
    default void verify() {}

    /**
     * Sends one record (its bytes include the trailing newline, as the agent sends them).
     *
     * @param record the record bytes; not modified afterwards by the caller
     * @return a future completed when the record was acknowledged
     */
    CompletableFuture<Void> send(byte[] record);

    /** Sends what is buffered now, without waiting for acknowledgements. */
    void flush();

    /** Flushes and releases what the sender created. */
    @Override
    void close();

    /** Creates the sender of one flow. */
    @FunctionalInterface
    interface Factory {
        /**
         * Creates the sender for a flow.
         *
         * @param flow the flow, with its delivery stream and buffering settings
         * @return a new sender, closed by the agent when it stops
         */
        RecordSender create(FlowConfig flow);
    }
}
