package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Told about each document a {@link BulkSink} gives up on, after it was written to the backup
 * store. Called on the sink's HTTP callback threads: keep it quick and thread-safe.
 */
@API(status = STABLE)
@FunctionalInterface
public interface FailureListener {

    /**
     * Called once per failed document.
     *
     * @param document the document
     * @param cause why it failed: the item status, error type and reason
     */
    void onFailed(EsDocument document, EsBulkItemException cause);
}
