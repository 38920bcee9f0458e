package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives a count for every line a parser sees, in the manner of Caffeine's {@code StatsCounter}:
 * the hook for metrics without a metrics library in this module. A Micrometer adapter counts
 * {@code logpipe.parser.lines} with {@code result=parsed|malformed|limit}.
 *
 * <p>Methods are called on the parsing thread, so implementations must be thread-safe when the
 * parser is shared, and fast. They must not throw.
 */
@API(status = EXPERIMENTAL)
public interface ParseStatsListener {

    /** A listener that ignores everything. */
    ParseStatsListener NOOP = new ParseStatsListener() {};

    /** Called once for every line that became a record. */
    default void recordParsed() {}

    /**
     * Called once for every line rejected as malformed.
     *
     * @param error the error
     */
    default void recordMalformed(ParseError error) {}

    /**
     * Called once for every line rejected for exceeding a limit.
     *
     * @param error the error
     */
    default void recordLimitExceeded(ParseError error) {}
}
