package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The {@code _bulk} action written for each document. */
@API(status = STABLE)
public enum BulkAction {
    /** {@code index}: creates the document or replaces the one with the same id. */
    INDEX("index"),
    /**
     * {@code create}: creates the document; a 409 answer (the id exists already) counts as success,
     * which with deterministic ids makes a retried batch effectively-once.
     */
    CREATE("create");

    private final String wireName;

    BulkAction(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the action's name in the {@code _bulk} body.
     *
     * @return {@code index} or {@code create}
     */
    public String wireName() {
        return wireName;
    }
}
