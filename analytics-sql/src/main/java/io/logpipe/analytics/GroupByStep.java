package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A step of the query builder: Optionally groups rows by key expressions.
 *
 * <p>Steps are immutable: each call returns a new step, so a partial query may be reused.
 */
@API(status = EXPERIMENTAL)
public interface GroupByStep extends HavingStep {

    /**
     * Sets the {@code GROUP BY} keys (besides the window).
     *
     * @param keys the grouping expressions
     * @return the next step
     */
    HavingStep groupBy(Expression... keys);
}
