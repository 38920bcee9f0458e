package io.logpipe.sink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * An optional stage in front of the batch buffer that merges caller records into entries (record
 * packing). It emits each entry it completes to the consumer the engine gave it; the engine calls
 * it only under its lock, so implementations need no synchronization of their own.
 */
@API(status = EXPERIMENTAL)
public interface Assembler {

    /**
     * Returns whether no entry is open.
     *
     * @return {@code true} if empty
     */
    boolean isEmpty();

    /**
     * Returns when the open entry got its first piece (meaningful only if not {@link #isEmpty()}).
     *
     * @return the time in nanoseconds on the engine's ticker
     */
    long firstAddedNanos();

    /**
     * Emits the open entry, if any (on flush, on linger, on close).
     *
     * @return whether an entry was emitted
     */
    boolean seal();
}
