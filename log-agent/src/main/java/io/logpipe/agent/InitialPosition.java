package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Where a flow starts reading when it has no checkpoint yet (the agent's {@code initialPosition}).
 * Files found later, after rotation or while the agent was stopped, are always read from their start.
 */
@API(status = EXPERIMENTAL)
public enum InitialPosition {
    /**
     * Read every file the pattern matches from its first byte, oldest first. (The Kinesis Agent reads
     * only the newest; logpipe sends the rotated files present at the first start too.)
     */
    START_OF_FILE,
    /**
     * Skip what the files hold at the first start (the newest up to its last complete line) and send
     * only lines written afterwards (the default).
     */
    END_OF_FILE
}
