package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The Micrometer meter names and tag keys a {@link BulkSink} records (STYLE.md §8). */
@API(status = STABLE)
public final class EsSinkMetricNames {

    /** Timer of {@code _bulk} requests, tagged {@link #TAG_OUTCOME}: {@value}. */
    public static final String REQUESTS = "logpipe.es.requests";
    /** Counter of document outcomes, tagged {@link #TAG_RESULT}: {@value}. */
    public static final String DOCUMENTS = "logpipe.es.documents";
    /** Tag key of {@link #REQUESTS}: {@code success}, {@code partial} (some items not indexed) or {@code failure}: {@value}. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag key of {@link #DOCUMENTS}: {@code indexed}, {@code retried} or {@code failed} (backed up): {@value}. */
    public static final String TAG_RESULT = "result";

    private EsSinkMetricNames() {
    }
}
