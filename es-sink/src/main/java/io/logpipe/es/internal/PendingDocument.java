package io.logpipe.es.internal;

import io.logpipe.es.EsDocument;
import io.logpipe.sink.SingleEntry;

/**
 * A document on its way through a sink: owned by one stage at a time (buffer, batch in flight,
 * scheduled retry), so its mutable fields need no locking.
 */
public final class PendingDocument extends SingleEntry {

    /** The document as the caller gave it. */
    public final EsDocument document;
    /** The source as sent: the document's own bytes, or a compacted copy if it had line breaks. */
    public final byte[] source;
    /** The resolved index name (rotation applied). */
    public final String index;
    /** When the document reached the sink, epoch milliseconds. */
    public final long arrivalMillis;

    /**
     * Creates a pending document.
     *
     * @param document the caller's document
     * @param source the source bytes to send
     * @param index the resolved index
     * @param arrivalMillis the arrival time, epoch milliseconds (for the backup)
     * @param arrivalNanos the arrival time on the engine's ticker
     */
    public PendingDocument(EsDocument document, byte[] source, String index, long arrivalMillis, long arrivalNanos) {
        super(arrivalNanos);
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
        return bytes();
    }

    /**
     * Returns the bytes this document adds to a {@code _bulk} body, estimated for the action line:
     * what the batch limit counts.
     *
     * @return the estimate
     */
    @Override
    public int bytes() {
        String id = document.id();
        return source.length + index.length() + (id == null ? 0 : id.length() + 9) + 32;
    }
}
