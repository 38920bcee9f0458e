package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Counts since a {@link BulkSink} was built.
 *
 * @param added documents accepted by {@link BulkSink#add(EsDocument)}
 * @param indexed documents the server indexed (including 409 answers to {@code create})
 * @param failed documents given up on and backed up (or dropped if no store was configured)
 * @param retried item retries (one document retried three times counts three)
 * @param requests {@code _bulk} requests sent, including retries and split halves
 * @param pending documents accepted but not yet indexed or failed
 */
@API(status = STABLE)
public record BulkSinkStats(long added, long indexed, long failed, long retried, long requests, long pending) {
}
