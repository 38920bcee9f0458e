package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.flink.internal.LateRowFilter;
import io.logpipe.analytics.flink.internal.BatchRows;
import io.logpipe.analytics.flink.internal.Registry;
import io.logpipe.model.LogpipeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.SerializedThrowable;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A running query. Thread-safe. {@link #close()} cancels the job if it is still running.
 */
@API(status = EXPERIMENTAL)
public final class AnalyticsJob implements AutoCloseable {

    private final JobClient client;
    private final String sinkId;
    private final long started;
    private final AtomicLong resultRows;
    private final @Nullable PushedInput pushed;
    private volatile @Nullable JobSummary summary;

    AnalyticsJob(JobClient client, String sinkId, long startedNanos, AtomicLong resultRows,
            @Nullable PushedInput pushed) {
        this.client = client;
        this.sinkId = sinkId;
        this.started = startedNanos;
        this.resultRows = resultRows;
        this.pushed = pushed;
    }

    /**
     * Returns Flink's job id.
     *
     * @return the id as text
     */
    public String jobId() {
        return client.getJobID().toHexString();
    }

    /**
     * Returns how many result rows the callback has received so far.
     *
     * @return the count
     */
    public long resultRows() {
        return resultRows.get();
    }

    /**
     * Waits for the job to finish: bounded input read, or pushed input closed, and windows closed.
     *
     * @param timeout how long to wait
     * @return what the job did
     * @throws AnalyticsException if the job failed, or did not finish in time (it keeps running)
     */
    public JobSummary await(Duration timeout) {
        JobSummary s = summary;
        if (s != null) {
            return s;
        }
        try {
            JobExecutionResult r = client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long malformed = count(r, BatchRows.MALFORMED);
            long records = pushed != null ? pushed.sent() : count(r, BatchRows.RECORDS);
            s = new JobSummary(records, malformed, count(r, LateRowFilter.LATE), resultRows.get(),
                    Duration.ofNanos(System.nanoTime() - started));
            summary = s;
            release();
            return s;
        } catch (TimeoutException e) {
            throw new AnalyticsException("job " + jobId() + " did not finish within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("interrupted while waiting for job " + jobId(), e);
        } catch (ExecutionException e) {
            release();
            throw new AnalyticsException("job " + jobId() + " failed: " + rootMessage(e), e.getCause());
        }
    }

    private static long count(JobExecutionResult r, String name) {
        Object v = r.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** logpipe's own message where the chain has one (it names what failed and the fix), else the root's. */
    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            if (c instanceof LogpipeException) {
                break;
            }
            if (c instanceof SerializedThrowable st && st.getOriginalErrorClassName().startsWith("io.logpipe.")) {
                // a task's failure as the JobManager keeps it: the message is the original's toString()
                String m = String.valueOf(st.getMessage());
                String prefix = st.getOriginalErrorClassName() + ": ";
                String name = st.getOriginalErrorClassName();
                return name.substring(name.lastIndexOf('.') + 1) + ": "
                        + (m.startsWith(prefix) ? m.substring(prefix.length()) : m);
            }
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /**
     * Cancels the job and waits up to 30 seconds for it to stop.
     *
     * @throws AnalyticsException if the job could not be cancelled
     */
    public void cancel() {
        try {
            if (!client.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("interrupted while cancelling job " + jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            if (!isDone()) {
                throw new AnalyticsException("could not cancel job " + jobId() + ": " + rootMessage(e), e);
            }
        } finally {
            release();
        }
    }

    /**
     * Tells whether the job has ended (finished, failed or cancelled).
     *
     * @return {@code true} once the job is over
     */
    public boolean isDone() {
        try {
            return client.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return true; // the cluster no longer knows the job
        }
    }

    private void release() {
        Registry.remove(sinkId);
        if (pushed != null) {
            pushed.release();
        }
    }

    /** Cancels the job if it is still running. */
    @Override
    public void close() {
        if (summary == null && !isDone()) {
            cancel();
        }
        release();
    }
}
