package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A step of the query builder: Chooses the input stream.
 *
 * <p>Steps are immutable: each call returns a new step, so a partial query may be reused.
 */
@API(status = EXPERIMENTAL)
public interface FromStep {

    /**
     * Sets the source stream.
     *
     * @param source the stream with its schema and time attribute
     * @return the next step
     */
    WhereStep from(Source source);
}
