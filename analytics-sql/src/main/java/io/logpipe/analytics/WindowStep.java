package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A step of the query builder: Optionally groups rows into time windows.
 *
 * <p>Steps are immutable: each call returns a new step, so a partial query may be reused.
 */
@API(status = EXPERIMENTAL)
public interface WindowStep extends GroupByStep {

    /**
     * Sets the window over the source's time attribute.
     *
     * @param window the window
     * @return the next step
     */
    GroupByStep window(Window window);
}
