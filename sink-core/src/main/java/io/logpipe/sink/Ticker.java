package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A source of monotonic nanosecond time, injected so that tests can advance time instead of
 * sleeping (Caffeine's {@code Ticker}). The one time source of every logpipe sink: linger, retry
 * budgets, backoffs and request timers all read it.
 */
@API(status = STABLE)
@FunctionalInterface
public interface Ticker {

    /**
     * Returns the current time in nanoseconds from an arbitrary origin.
     *
     * @return the time, comparable only with other readings of the same ticker
     */
    long read();

    /**
     * Returns the ticker backed by {@link System#nanoTime()}.
     *
     * @return the system ticker
     */
    static Ticker system() {
        return System::nanoTime;
    }
}
