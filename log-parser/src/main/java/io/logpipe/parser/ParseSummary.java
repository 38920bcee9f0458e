package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What a stream parse did: every line is counted exactly once, as parsed, malformed or over a
 * limit, so nothing rejected disappears silently.
 *
 * @param lines the lines read
 * @param parsed the lines that became records
 * @param malformed the lines rejected as malformed
 * @param limitExceeded the lines rejected for exceeding a limit
 */
@API(status = EXPERIMENTAL)
public record ParseSummary(long lines, long parsed, long malformed, long limitExceeded) {

    /**
     * Returns the number of rejected lines.
     *
     * @return {@code malformed + limitExceeded}
     */
    public long rejected() {
        return malformed + limitExceeded;
    }
}
