package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A step of the query builder: Optionally filters groups.
 *
 * <p>Steps are immutable: each call returns a new step, so a partial query may be reused.
 */
@API(status = EXPERIMENTAL)
public interface HavingStep extends IntoStep {

    /**
     * Adds a {@code HAVING} condition.
     *
     * @param condition a boolean expression over keys and aggregates
     * @return the next step
     */
    IntoStep having(Expression condition);
}
