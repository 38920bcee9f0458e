package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A step of the query builder: Optionally filters rows before they are windowed and grouped.
 *
 * <p>Steps are immutable: each call returns a new step, so a partial query may be reused.
 */
@API(status = EXPERIMENTAL)
public interface WhereStep extends WindowStep {

    /**
     * Adds a {@code WHERE} condition.
     *
     * @param condition a boolean expression over source columns
     * @return the next step
     */
    WindowStep where(Expression condition);
}
