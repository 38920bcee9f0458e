package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Where a flow starts reading the newest file when it has no usable checkpoint (the agent's
 * {@code initialPosition}). Files found later, after rotation or while the agent was stopped, are
 * always read from their start.
 */
@API(status = EXPERIMENTAL)
public enum InitialPosition {
    /** Read the newest file from its first byte. */
    START_OF_FILE,
    /** Skip what the newest file holds at start and send only lines written afterwards (the default). */
    END_OF_FILE
}
