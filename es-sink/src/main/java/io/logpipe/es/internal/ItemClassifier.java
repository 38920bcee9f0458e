package io.logpipe.es.internal;

import io.logpipe.es.BulkAction;

/**
 * Classifies {@code _bulk} answers in one place: per item and per request (peers.md §0.2).
 */
public final class ItemClassifier {

    /** What to do with one item. */
    public enum ItemOutcome {
        /** Indexed (2xx, or 409 on {@code create}). */
        INDEXED,
        /** Retry later with backoff (429, 5xx). */
        RETRY,
        /** Never retry; back it up (400, 404, other 4xx). */
        FAIL
    }

    /** What to do with a whole request. */
    public enum RequestOutcome {
        /** 2xx: read the items. */
        READ_ITEMS,
        /** 413: split the batch in two. */
        SPLIT,
        /** 429, 5xx, no answer: retry every document with backoff. */
        RETRY,
        /** Other statuses: back up every document. */
        FAIL
    }

    private ItemClassifier() {
    }

    /**
     * Classifies an item status.
     *
     * @param action the action the item was sent with
     * @param status the item status
     * @return the outcome
     */
    public static ItemOutcome item(BulkAction action, int status) {
        if (status >= 200 && status < 300) {
            return ItemOutcome.INDEXED;
        }
        if (status == 409 && action == BulkAction.CREATE) {
            return ItemOutcome.INDEXED;
        }
        if (status == 429 || status >= 500) {
            return ItemOutcome.RETRY;
        }
        return ItemOutcome.FAIL;
    }

    /**
     * Classifies a request status.
     *
     * @param status the HTTP status, or 0 when no answer came
     * @return the outcome
     */
    public static RequestOutcome request(int status) {
        if (status >= 200 && status < 300) {
            return RequestOutcome.READ_ITEMS;
        }
        if (status == 413) {
            return RequestOutcome.SPLIT;
        }
        if (status == 0 || status == 408 || status == 429 || status >= 500) {
            return RequestOutcome.RETRY;
        }
        return RequestOutcome.FAIL;
    }
}
