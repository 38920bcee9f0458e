package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Receives the records a {@link FirehoseSink} gave up on: after a non-retryable error, after the
 * retry budget, or when the sink closed before delivering them.
 *
 * <p>The sink calls the handler before it fails the records' futures, so a caller that sees a
 * failed future knows the record already reached the handler. Calls come from the sink's callback
 * threads, one batch at a time but possibly concurrently: implementations must be thread-safe. An
 * exception thrown by the handler is logged at ERROR and does not stop the sink.
 *
 * @see DirectoryDeadLetterHandler
 * @see S3DeadLetterHandler
 */
@API(status = STABLE)
@FunctionalInterface
public interface DeadLetterHandler {

    /** A handler that does nothing: the failed futures are the only report. */
    DeadLetterHandler NONE = letters -> {};

    /**
     * Takes dead-lettered records, all for the same delivery stream.
     *
     * @param letters the records, never empty
     */
    void handle(List<DeadLetter> letters);
}
