package io.logpipe.analytics.flink.internal;

import io.logpipe.analytics.flink.AnalyticsException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.metrics.Counter;
import org.jspecify.annotations.Nullable;

/**
 * The deliveries a result-sink writer has handed to one of logpipe's sinks and not yet seen settle: how
 * many are pending, and the first failure, which the writer rethrows on its task thread (Flink then fails
 * the task, restarts it from the last checkpoint, and replays the rows since). One engine for the
 * Firehose and the OpenSearch writers. Thread-safe: futures settle on the sinks' threads.
 */
public final class PendingDeliveries {

    private final String destination;
    private final Counter sent;
    private final Counter errors;
    private long pending;
    private long failed;
    private @Nullable Throwable firstFailure;

    /**
     * Creates the tracker.
     *
     * @param destination the destination, for messages: {@code Firehose delivery stream 'x' at URL}
     * @param sent counts the rows delivered (Flink's {@code numRecordsSend})
     * @param errors counts the rows not delivered (Flink's {@code numRecordsSendErrors})
     */
    public PendingDeliveries(String destination, Counter sent, Counter errors) {
        this.destination = destination;
        this.sent = sent;
        this.errors = errors;
    }

    /**
     * Tracks one row's delivery.
     *
     * @param delivery the sink's future for the row
     */
    public void track(CompletableFuture<Void> delivery) {
        synchronized (this) {
            pending++;
        }
        CompletableFuture<Void> unused = delivery.whenComplete((ok, error) -> settled(error));
    }

    private synchronized void settled(@Nullable Throwable error) {
        pending--;
        if (error == null) {
            sent.inc();
        } else {
            errors.inc();
            failed++;
            if (firstFailure == null) {
                firstFailure = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
            }
        }
        notifyAll();
    }

    /**
     * Throws if a delivery failed.
     *
     * @throws AnalyticsException naming the destination, how many rows failed, and the first failure
     */
    public synchronized void check() {
        Throwable f = firstFailure;
        if (f != null) {
            throw new AnalyticsException(failed + " result row" + (failed == 1 ? " was" : "s were") + " not delivered to "
                    + destination + ": " + f.getMessage(), f);
        }
    }

    /**
     * Waits until every tracked delivery settled, then {@link #check() checks}.
     *
     * @param timeout the longest wait
     * @throws InterruptedException if interrupted
     * @throws AnalyticsException if a delivery failed, or some were still pending at the timeout
     */
    public synchronized void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0 && firstFailure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AnalyticsException(pending + " result rows still not acknowledged by " + destination
                        + " after " + timeout + ": is it overloaded or unreachable?", null);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        check();
    }

    /**
     * Waits for a sink's flush, then for every tracked delivery, as {@link #awaitAll} does.
     *
     * @param flushed the sink's flush future: completes once every row sent before it settled
     * @param timeout the longest wait, for both
     * @throws InterruptedException if interrupted
     * @throws AnalyticsException if a delivery failed, or the flush did not end in time
     */
    public void awaitFlush(CompletableFuture<Void> flushed, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try {
            flushed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AnalyticsException(destination + " did not take the flushed result rows within " + timeout
                    + ": is it overloaded or unreachable?", null);
        } catch (ExecutionException e) {
            // the rows' own futures carry the failures: awaitAll reports them
        }
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        awaitAll(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
    }
}
