package io.logpipe.parser;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a stream parse does with a rejected line. Every policy counts the line in the
 * {@link ParseSummary} and the {@link ParseStatsListener}; none drops a line silently.
 *
 * <p>Instances are immutable and thread-safe if the handler is.
 */
@API(status = EXPERIMENTAL)
public final class BadLinePolicy {

    /** Skips rejected lines; they are only counted. */
    public static final BadLinePolicy SKIP = new BadLinePolicy(null, false);

    /** Stops at the first rejected line by throwing its {@link LogParseException}. */
    public static final BadLinePolicy FAIL = new BadLinePolicy(null, true);

    private final @Nullable Consumer<? super ParseError> handler;
    private final boolean fail;

    private BadLinePolicy(@Nullable Consumer<? super ParseError> handler, boolean fail) {
        this.handler = handler;
        this.fail = fail;
    }

    /**
     * Returns a policy that hands each rejected line to a handler, such as a dead-letter writer,
     * and goes on.
     *
     * @param handler receives every error, in line order, on the parsing thread
     * @return the policy
     */
    public static BadLinePolicy handleWith(Consumer<? super ParseError> handler) {
        return new BadLinePolicy(requireNonNull(handler, "handler"), false);
    }

    /**
     * Applies this policy to an error.
     *
     * @param error the error of a rejected line
     * @throws LogParseException if this policy is {@link #FAIL}
     */
    public void apply(ParseError error) {
        if (fail) {
            throw error.toException();
        }
        if (handler != null) {
            handler.accept(error);
        }
    }

    @Override
    public String toString() {
        return fail ? "BadLinePolicy.FAIL" : handler == null ? "BadLinePolicy.SKIP" : "BadLinePolicy.handleWith(" + handler + ")";
    }
}
