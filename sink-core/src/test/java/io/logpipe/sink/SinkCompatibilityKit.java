package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.LogpipeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every logpipe sink keeps, as tests (Micrometer's {@code CacheMeterBinderCompatibilityKit},
 * the AWS SDK's {@code BaseSqsBatchManagerTest}): a sink's test class extends this kit and adapts
 * its sink and its fake service; the kit drives the scenarios and the faults every sink must
 * survive. Shipped in sink-core's test-jar.
 *
 * <p>The contract: one future per record; a flush future that completes once every earlier record
 * is settled; batches sent when full or when the linger time passed; a close that flushes, is
 * bounded, and never closes what the caller owns; failed futures (a {@link LogpipeException})
 * after close; retryable faults retried until delivered, exactly once; fatal faults given up into
 * the failed-record store before the future fails; meters under one vocabulary.
 */
public abstract class SinkCompatibilityKit {

    /** How the fake service answers from now on. */
    protected enum Fault {
        /** Accepts everything. */
        NONE,
        /** Fails the next call as a whole with a retryable error (5xx), then accepts. */
        RETRYABLE_ONCE,
        /** Refuses every entry of the next call as throttled (429 / ServiceUnavailable), then accepts. */
        THROTTLED_ONCE,
        /** Fails every call with a non-retryable error (4xx). */
        FATAL,
        /** Never answers (until the test ends). */
        HANG
    }

    /** The options the kit sets on a sink; everything else stays at the sink's defaults. */
    protected static final class Options {
        /** The most records per batch. */
        public int maxBatchRecords = 100;
        /** The linger time. */
        public Duration linger = Duration.ofHours(1);
        /** The close timeout. */
        public Duration closeTimeout = Duration.ofSeconds(30);
        /** A scheduler owned by the test, or {@code null} for the sink's own. */
        public @Nullable ScheduledExecutorService scheduler;
        /** The registry. */
        public MeterRegistry registry = new SimpleMeterRegistry();
    }

    /** The sink under test, seen through the shared contract. */
    protected interface SinkUnderTest extends AutoCloseable {
        /**
         * Sends one record.
         *
         * @param record a short ASCII text; the adapter wraps it as its service needs (a JSON document)
         * @return the record's future
         */
        CompletableFuture<Void> send(String record);

        /**
         * Flushes.
         *
         * @return the flush future
         */
        CompletableFuture<Void> flush();

        @Override
        void close();
    }

    private final List<SinkUnderTest> sinks = new ArrayList<>();
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();

    /**
     * Builds the sink against the fake service, with the given options and retry backoffs of a few
     * milliseconds.
     *
     * @param options the options
     * @return the sink
     */
    protected abstract SinkUnderTest create(Options options);

    /**
     * Sets how the fake service answers the next calls.
     *
     * @param fault the fault
     */
    protected abstract void fault(Fault fault);

    /**
     * Returns how many calls (batches) the fake service received.
     *
     * @return the count
     */
    protected abstract int calls();

    /**
     * Returns the records the fake service accepted, each as many times as it accepted it.
     *
     * @return the records, in any order
     */
    protected abstract List<String> delivered();

    /**
     * Returns the records that reached the sink's failed-record store (dead letters, backups).
     *
     * @return the records, in any order
     */
    protected abstract List<String> givenUp();

    /**
     * Returns the {@code <component>} of the sink's meter names, for example {@code firehose}.
     *
     * @return the component
     */
    protected abstract String metricComponent();

    /**
     * Returns the noun of the sink's record counter, for example {@code records}.
     *
     * @return the noun
     */
    protected abstract String metricNoun();

    /**
     * Returns the value of the sink's {@value SinkMetricNames#TAG_SINK} tag for the sink {@link #create} builds.
     *
     * @return the tag value
     */
    protected abstract String sinkTag();

    private SinkUnderTest sink(Options o) {
        SinkUnderTest s = create(o);
        sinks.add(s);
        return s;
    }

    @AfterEach
    void closeKitSinks() {
        fault(Fault.NONE);
        for (SinkUnderTest s : sinks) {
            s.close();
        }
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }

    private static void await(CompletableFuture<?> f) throws Exception {
        f.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<Void> f) {
        Throwable t = f.handle((v, e) -> e).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(t).as("the future must fail").isNotNull();
        return t;
    }

    @Test
    void send_batchFull_sendsWithoutFlushOrLinger() throws Exception {
        Options o = new Options();
        o.maxBatchRecords = 3;
        SinkUnderTest sink = sink(o);
        List<CompletableFuture<Void>> fs = List.of(sink.send("a"), sink.send("b"), sink.send("c"));
        await(CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])));
        assertThat(calls()).isEqualTo(1);
        assertThat(delivered()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void send_lingerElapsed_sendsWithoutFlush() throws Exception {
        Options o = new Options();
        o.linger = Duration.ofMillis(20);
        SinkUnderTest sink = sink(o);
        await(sink.send("late"));
        assertThat(delivered()).containsExactly("late");
    }

    @Test
    void flush_pendingRecords_completesOnceEveryEarlierRecordIsDelivered() throws Exception {
        SinkUnderTest sink = sink(new Options());
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(sink.send("r" + i));
        }
        await(sink.flush());
        assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        assertThat(delivered()).hasSize(5);
    }

    @Test
    void flush_nothingPending_completesAtOnce() throws Exception {
        SinkUnderTest sink = sink(new Options());
        await(sink.flush());
        assertThat(calls()).isZero();
    }

    @Test
    void close_pendingRecords_flushesAndWaits() {
        SinkUnderTest sink = sink(new Options());
        CompletableFuture<Void> a = sink.send("a");
        CompletableFuture<Void> b = sink.send("b");
        sink.close();
        assertThat(a).isCompleted().isNotCompletedExceptionally();
        assertThat(b).isCompleted().isNotCompletedExceptionally();
        assertThat(delivered()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void close_callerOwnedScheduler_isNotShutDown() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        Options o = new Options();
        o.scheduler = scheduler;
        SinkUnderTest sink = sink(o);
        sink.send("x");
        sink.close();
        assertThat(scheduler.isShutdown()).isFalse();
        assertThat(delivered()).containsExactly("x");
    }

    @Test
    void send_afterClose_failsTheFutureWithoutSending() {
        SinkUnderTest sink = sink(new Options());
        sink.close();
        sink.close();
        Throwable t = failureOf(sink.send("late"));
        assertThat(t).isInstanceOf(LogpipeException.class).hasMessageContaining("closed");
        assertThat(((LogpipeException) t).retryable()).isFalse();
        assertThat(calls()).isZero();
    }

    @Test
    void send_retryableFaultOnce_deliversExactlyOnceAndCountsTheRetry() throws Exception {
        Options o = new Options();
        SinkUnderTest sink = sink(o);
        fault(Fault.RETRYABLE_ONCE);
        CompletableFuture<Void> f = sink.send("again");
        await(sink.flush());
        assertThat(f).isCompleted().isNotCompletedExceptionally();
        assertThat(delivered()).containsExactly("again");
        assertThat(calls()).isEqualTo(2);
        assertThat(counter(o, SinkMetricNames.RESULT_RETRIED)).isEqualTo(1);
    }

    @Test
    void send_throttledFaultOnce_deliversEveryRecordExactlyOnce() throws Exception {
        SinkUnderTest sink = sink(new Options());
        fault(Fault.THROTTLED_ONCE);
        List<CompletableFuture<Void>> fs = List.of(sink.send("t1"), sink.send("t2"));
        await(sink.flush());
        assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        assertThat(delivered()).containsExactlyInAnyOrder("t1", "t2");
    }

    @Test
    void send_fatalFault_storesTheRecordThenFailsTheFuture() throws Exception {
        Options o = new Options();
        SinkUnderTest sink = sink(o);
        fault(Fault.FATAL);
        CompletableFuture<Void> f = sink.send("doomed");
        await(sink.flush());
        Throwable t = failureOf(f);
        assertThat(t).isInstanceOf(LogpipeException.class);
        assertThat(((LogpipeException) t).retryable()).isFalse();
        assertThat(givenUp()).containsExactly("doomed");
        assertThat(calls()).isEqualTo(1);
        assertThat(counter(o, SinkMetricNames.RESULT_FAILED)).isEqualTo(1);
    }

    @Test
    void close_serviceNeverAnswers_isBoundedAndGivesTheRecordsUp() {
        Options o = new Options();
        o.closeTimeout = Duration.ofMillis(200);
        SinkUnderTest sink = sink(o);
        fault(Fault.HANG);
        CompletableFuture<Void> f = sink.send("stuck");
        sink.flush();
        sink.close();
        Throwable t = failureOf(f);
        assertThat(t).isInstanceOf(LogpipeException.class).hasMessageContaining("closed");
        assertThat(givenUp()).containsExactly("stuck");
    }

    @Test
    void metrics_deliveredRecords_recordedUnderTheSharedVocabulary() throws Exception {
        Options o = new Options();
        SinkUnderTest sink = sink(o);
        for (int i = 0; i < 3; i++) {
            sink.send("m" + i);
        }
        await(sink.flush());
        assertThat(counter(o, SinkMetricNames.RESULT_DELIVERED)).isEqualTo(3);
        assertThat(o.registry.get(SinkMetricNames.name(metricComponent(), SinkMetricNames.REQUESTS))
                .tag(SinkMetricNames.TAG_SINK, sinkTag()).tag(SinkMetricNames.TAG_OUTCOME, SinkMetricNames.OUTCOME_SUCCESS)
                .timer().count()).isEqualTo(1);
        assertThat(o.registry.get(SinkMetricNames.name(metricComponent(), "batch." + metricNoun()))
                .tag(SinkMetricNames.TAG_SINK, sinkTag()).summary().totalAmount()).isEqualTo(3);
        assertThat(o.registry.get(SinkMetricNames.name(metricComponent(), "batch.bytes"))
                .tag(SinkMetricNames.TAG_SINK, sinkTag()).summary().totalAmount()).isPositive();
        assertThat(o.registry.get(SinkMetricNames.name(metricComponent(), "buffer." + metricNoun()))
                .tag(SinkMetricNames.TAG_SINK, sinkTag()).gauge().value()).isZero();
    }

    private double counter(Options o, String result) {
        return o.registry.get(SinkMetricNames.name(metricComponent(), metricNoun()))
                .tag(SinkMetricNames.TAG_SINK, sinkTag()).tag(SinkMetricNames.TAG_RESULT, result).counter().count();
    }
}
