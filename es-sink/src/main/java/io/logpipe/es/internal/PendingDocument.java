package io.logpipe.es.internal;

import io.logpipe.es.EsDocument;
import org.jspecify.annotations.Nullable;

/**
 * A document on its way through a sink: owned by one stage at a time (buffer, batch in flight,
 * scheduled retry), so its mutable fields need no locking.
 */
public final class PendingDocument {

    /** The document as the caller gave it. */
    public final EsDocument document;
    /** The source as sent: the document's own bytes, or a compacted copy if it had line breaks. */
    public final byte[] source;
    /** The resolved index name (rotation applied). */
    public final String index;
    /** When the document reached the sink, epoch milliseconds. */
    public final long arrivalMillis;
    /** {@code _bulk} attempts that carried the document. */
    public int attempts;
    /** When the first attempt started, epoch milliseconds, or -1 before it. */
    public long firstAttemptMillis = -1;
    /** The last error code, for the backup. */
    public @Nullable String lastErrorCode;
    /** The last error message, for the backup. */
    public @Nullable String lastErrorMessage;

    /**
     * Creates a pending document.
     *
     * @param document the caller's document
     * @param source the source bytes to send
     * @param index the resolved index
     * @param arrivalMillis the arrival time
     */
    public PendingDocument(EsDocument document, byte[] source, String index, long arrivalMillis) {
        this.document = document;
        this.source = source;
        this.index = index;
        this.arrivalMillis = arrivalMillis;
    }

    /**
     * Returns the number of bytes this document adds to a {@code _bulk} body, estimated for the
     * action line.
     *
     * @return the estimate
     */
    public int estimatedBytes() {
        String id = document.id();
        return source.length + index.length() + (id == null ? 0 : id.length() + 9) + 32;
    }
}
