package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A step of the query builder: Chooses the output stream.
 *
 * <p>Steps are immutable: each call returns a new step, so a partial query may be reused.
 */
@API(status = EXPERIMENTAL)
public interface IntoStep {

    /**
     * Sets the sink stream; its columns receive the projections in order.
     *
     * @param sink the output stream
     * @return the final step
     */
    FinalStep into(Sink sink);
}
