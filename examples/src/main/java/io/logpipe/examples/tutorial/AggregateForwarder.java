package io.logpipe.examples.tutorial;

import io.logpipe.analytics.flink.ResultRow;
import io.logpipe.firehose.FirehoseSink;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The analytics job's output, {@code DESTINATION_SQL_STREAM}: sends each result row
 * ({@code {"DATETIME","STATUS","STATUSCOUNT"}}) to Firehose #2 with firehose-sink, and counts what it
 * sent, so the reconciliation can compare the rows emitted with what OpenSearch holds.
 *
 * <p>Rows can come before Firehose #2 exists (OpenSearch may still be starting): they wait in
 * {@link #accept} until {@link #ready(FirehoseSink)} hands over the sink, which holds Flink back
 * meanwhile; if the stream never comes ({@link #unavailable(Throwable)}), rows are counted as not
 * sent. Called on a Flink thread, one row at a time; the counters are thread-safe.
 */
final class AggregateForwarder implements Consumer<ResultRow> {

    private final CompletableFuture<FirehoseSink> sink = new CompletableFuture<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong statusCount = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    void ready(FirehoseSink s) {
        sink.complete(s);
    }

    void unavailable(Throwable why) {
        sink.completeExceptionally(why);
    }

    @Override
    public void accept(ResultRow row) {
        long count = ((Number) row.fields().getOrDefault("STATUSCOUNT", 0L)).longValue();
        Object status = row.get("STATUS");
        rows.incrementAndGet();
        statusCount.addAndGet(count);
        if (status instanceof Number n) {
            byStatus.computeIfAbsent(n.intValue(), k -> new LongAdder()).add(count);
        }
        FirehoseSink s;
        try {
            s = sink.join();
        } catch (CompletionException e) {
            notSent.incrementAndGet();
            return;
        }
        try {
            // failures are counted by the sink (dead letters); the reconciliation reads its stats
            s.send(row.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            notSent.incrementAndGet();
        }
    }

    long rows() {
        return rows.get();
    }

    long statusCount() {
        return statusCount.get();
    }

    long notSent() {
        return notSent.get();
    }

    Map<Integer, Long> byStatus() {
        Map<Integer, Long> m = new TreeMap<>();
        byStatus.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Nullable FirehoseSink sinkIfReady() {
        return sink.isDone() && !sink.isCompletedExceptionally() ? sink.join() : null;
    }
}
