package io.logpipe.es.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The batching buffer of a bulk sink: pure, single-threaded (the sink guards it with its lock),
 * testable without network. A batch is emitted when it reaches the document limit or when the next
 * document would take it over the byte limit.
 */
public final class BulkBuffer {

    private final int maxDocuments;
    private final long maxBytes;
    private List<PendingDocument> documents;
    private long bytes;

    /**
     * Creates an empty buffer.
     *
     * @param maxDocuments documents per batch, at least 1
     * @param maxBytes estimated body bytes per batch, at least 1
     */
    public BulkBuffer(int maxDocuments, long maxBytes) {
        if (maxDocuments < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxDocuments and maxBytes must be >= 1");
        }
        this.maxDocuments = maxDocuments;
        this.maxBytes = maxBytes;
        this.documents = new ArrayList<>(Math.min(maxDocuments, 4096));
    }

    /**
     * Adds a document, emitting zero, one or two full batches.
     *
     * @param document the document
     * @param emit receives each full batch
     */
    public void add(PendingDocument document, Consumer<List<PendingDocument>> emit) {
        int size = document.estimatedBytes();
        if (!documents.isEmpty() && bytes + size > maxBytes) {
            emit.accept(drain());
        }
        documents.add(document);
        bytes += size;
        if (documents.size() >= maxDocuments || bytes >= maxBytes) {
            emit.accept(drain());
        }
    }

    /**
     * Removes and returns everything buffered.
     *
     * @return the documents, possibly none
     */
    public List<PendingDocument> drain() {
        List<PendingDocument> out = documents;
        documents = new ArrayList<>(Math.min(maxDocuments, Math.max(16, out.size())));
        bytes = 0;
        return out;
    }

    /**
     * Returns whether nothing is buffered.
     *
     * @return {@code true} if empty
     */
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    /**
     * Returns the number of buffered documents.
     *
     * @return the count
     */
    public int size() {
        return documents.size();
    }

    /**
     * Returns the estimated bytes buffered.
     *
     * @return the estimate
     */
    public long bytes() {
        return bytes;
    }
}
