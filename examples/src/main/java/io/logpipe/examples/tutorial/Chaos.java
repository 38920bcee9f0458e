package io.logpipe.examples.tutorial;

import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.model.LogpipeException;
import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code --chaos}: the local endpoints' faults on both delivery streams (per-record failures,
 * throttling, server errors, connection resets, all injected before anything is stored) and one
 * restart of the OpenSearch the command started, once the first aggregate is indexed. The
 * pipeline-level version of what each module's tests prove: the reconciliation must still be exact.
 */
final class Chaos {

    /** Probability that a record of a put call fails in its entry: {@value}. */
    static final double FAIL_RATE = 0.05;
    /** Probability that a put call is throttled (HTTP 503): {@value}. */
    static final double THROTTLE_RATE = 0.10;
    /** Probability that a put call fails with HTTP 500: {@value}. */
    static final double ERROR_RATE = 0.05;
    /** Probability that a put call's connection is dropped before it is read: {@value}. */
    static final double RESET_RATE = 0.05;

    private final LocalFirehose firehose;
    private final @Nullable OpenSearchServer server;
    private final LongSupplier indexedDocuments;
    private final PrintWriter log;
    private volatile boolean stopped;
    private volatile int restarts;
    private @Nullable Thread thread;

    Chaos(LocalFirehose firehose, @Nullable OpenSearchServer server, LongSupplier indexedDocuments, PrintWriter log) {
        this.firehose = firehose;
        this.server = server;
        this.indexedDocuments = indexedDocuments;
        this.log = log;
    }

    void start() {
        firehose.faults().failRate(FAIL_RATE).throttleRate(THROTTLE_RATE).errorRate(ERROR_RATE).resetRate(RESET_RATE);
        if (server == null) {
            return;
        }
        Thread t = new Thread(this::restartOnce, "logpipe-tutorial-chaos");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void restartOnce() {
        try {
            while (!stopped && indexedDocuments.getAsLong() == 0) {
                Thread.sleep(200);
            }
            if (stopped) {
                return;
            }
            say("chaos: stopping OpenSearch (Firehose #2 retries for up to 300 s)");
            server.stop();
            Thread.sleep(1_000);
            server.start();
            restarts++;
            say("chaos: OpenSearch is back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LogpipeException e) {
            say("chaos: OpenSearch did not come back: " + e.getMessage());
        }
    }

    private void say(String message) {
        synchronized (log) {
            log.println("logpipe tutorial: " + message);
            log.flush();
        }
    }

    int restarts() {
        return restarts;
    }

    /**
     * Lets a restart in progress finish (OpenSearch must be up for the last documents). The faults stay
     * on: the stages drain through them.
     */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(300_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
