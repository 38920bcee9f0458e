package io.logpipe.sink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;

/**
 * The only service-specific part of a sink: sends one batch and classifies what the service
 * answered for each entry (the AWS SDK's {@code RequestBatchManager} and Flink's
 * {@code AsyncSinkWriter#submitRequestEntries} are the models). The {@link DeliveryEngine} does the
 * rest: batching, in-flight limits, back-pressure, retries, backoff, futures and metrics.
 *
 * <p>Called from the engine's threads and the service client's completion threads, possibly
 * concurrently for different batches: implementations must be thread-safe and must not block.
 *
 * @param <E> the sink's entry type
 */
@API(status = EXPERIMENTAL)
public interface BatchStrategy<E extends Entry> {

    /**
     * Sends one batch. Must not throw: an exception is treated as a retryable failure of the
     * whole batch, but should rather be returned as a {@link BatchResult#failed(Failure) failed}
     * result.
     *
     * @param batch the entries, in order; the engine keeps the list, do not modify it
     * @return the classified answer
     */
    CompletableFuture<BatchResult> submit(List<E> batch);

    /**
     * Returns the failure to report for a batch whose {@link #submit} threw or whose answer could
     * not be classified.
     *
     * @param error the exception
     * @return a retryable failure by default
     */
    default Failure classifyUnexpected(Throwable error) {
        return new Failure(Failure.Kind.RETRYABLE, "ClientError", String.valueOf(error), error);
    }

    /**
     * Takes entries the engine gave up on (a fatal error, the retry budget, or the sink closed),
     * before their futures fail, so a caller that sees a failed future knows the entry reached the
     * failed-record store. An exception is logged at ERROR and does not stop the sink.
     *
     * @param entries the entries, never empty
     * @param failures the failure of each entry, same order
     */
    default void onGivenUp(List<E> entries, List<Failure> failures) {}

    /**
     * Returns whether {@link #onDelivered} wants to be called; {@code false} keeps the fast path free of it.
     *
     * @return {@code false} by default
     */
    default boolean observesDelivered() {
        return false;
    }

    /**
     * Takes the entries of one answer that were delivered, before their futures complete. Called
     * only if {@link #observesDelivered()}.
     *
     * @param entries the entries delivered now, never empty
     */
    default void onDelivered(List<E> entries) {}
}
