package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.logpipe.sink.DeliveryEngineCompatibilityTest.TestErrors;
import io.logpipe.sink.DeliveryEngineCompatibilityTest.TextEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The settings every sink's builder shares: defaults, checks, and what reaches the engine. */
final class SinkBuilderTest {

    /** A sink's builder as the sinks write theirs: the service's limits, one setting of its own. */
    static final class TestBuilder extends RecordSinkBuilder<TestBuilder> {
        private String own = "";

        TestBuilder() {
            super(500, 4L * 1024 * 1024, 1, 4L * 1024 * 1024);
        }

        TestBuilder own(String value) {
            this.own = value;
            return this;
        }

        DeliveryEngine<TextEntry> engine() {
            checkSettings();
            return configure(DeliveryEngine.<TextEntry>builder().name("t").errors(TestErrors.INSTANCE)
                    .strategy(batch -> CompletableFuture.completedFuture(BatchResult.delivered())),
                    SinkMetrics.builder("test", "t")).build();
        }
    }

    /** A builder whose close timeout derives from its other settings, as BulkSink's does. */
    static final class DerivedCloseTimeout extends SinkBuilder<DerivedCloseTimeout> {
        DerivedCloseTimeout() {
            super(5L * 1024 * 1024, 1, Long.MAX_VALUE);
        }

        @Override
        protected Duration defaultCloseTimeout() {
            return lingerSetting().multipliedBy(3);
        }

        Duration closeTimeoutUsed() {
            return defaultCloseTimeout();
        }
    }

    @Test
    void configure_defaults_reachTheEngine() {
        try (DeliveryEngine<TextEntry> engine = new TestBuilder().engine()) {
            assertThat(engine.toString()).contains("linger=PT1S", "maxInFlightRequests=10", "maxBufferedRecords=20000",
                    "maxBufferedBytes=67108864", "backpressure=BLOCK", "maxAttempts=30", "maxRetryDuration=PT5M",
                    "Backoff[initial=PT0.1S, max=PT10S]");
            assertThat(engine.ticker()).isSameAs(Ticker.system());
        }
    }

    @Test
    void setters_chainInAnyOrder_returnTheSinksBuilderAndReachTheEngine() {
        Ticker ticker = () -> 42L;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestBuilder b = new TestBuilder().linger(Duration.ofMillis(5)).own("x").maxInFlightRequests(3)
                .maxBufferedRecords(7).maxBufferedBytes(99).backpressure(Backpressure.FAIL_FAST)
                .maxAttempts(2).maxRetryDuration(Duration.ofSeconds(9)).initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(40)).ticker(ticker).meterRegistry(registry);
        assertThat(b.own).isEqualTo("x");
        assertThat(b.maxInFlightRequestsSetting()).isEqualTo(3);
        assertThat(b.tickerSetting()).isSameAs(ticker);
        try (DeliveryEngine<TextEntry> engine = b.engine()) {
            assertThat(engine.toString()).contains("linger=PT0.005S", "maxInFlightRequests=3", "maxBufferedRecords=7",
                    "maxBufferedBytes=99", "backpressure=FAIL_FAST", "maxAttempts=2", "maxRetryDuration=PT9S",
                    "Backoff[initial=PT0.02S, max=PT0.04S]");
            assertThat(engine.ticker()).isSameAs(ticker);
            assertThat(registry.getMeters()).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.getId().getName()).startsWith("logpipe.test."));
        }
    }

    @Test
    void scheduler_given_isUsedAndNotShutDownByTheEngine() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            DeliveryEngine<TextEntry> engine = new TestBuilder().scheduler(scheduler).engine();
            engine.close();
            assertThat(scheduler.isShutdown()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void setters_outOfRange_throwNamingTheSettingAndTheBound() {
        List<Runnable> bad = List.of(
                () -> new TestBuilder().maxBatchRecords(0),
                () -> new TestBuilder().maxBatchRecords(501),
                () -> new TestBuilder().maxBatchBytes(0),
                () -> new TestBuilder().maxBatchBytes(4L * 1024 * 1024 + 1));
        bad.forEach(r -> assertThatIllegalArgumentException().isThrownBy(r::run).withMessageContaining("must be 1.."));
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxBatchRecords(501))
                .withMessage("maxBatchRecords must be 1..500, was 501");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxBatchBytes(0))
                .withMessage("maxBatchBytes must be 1..4194304, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new DerivedCloseTimeout().maxBatchBytes(0))
                .withMessage("maxBatchBytes must be >= 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().linger(Duration.ofMillis(-1)))
                .withMessage("linger must not be negative, was PT-0.001S");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().blockTimeout(Duration.ofSeconds(-1)))
                .withMessageStartingWith("blockTimeout must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().closeTimeout(Duration.ofSeconds(-1)))
                .withMessageStartingWith("closeTimeout must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().initialBackoff(Duration.ZERO))
                .withMessage("initialBackoff must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxBackoff(Duration.ZERO))
                .withMessage("maxBackoff must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxRetryDuration(Duration.ZERO))
                .withMessage("maxRetryDuration must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxInFlightRequests(0))
                .withMessage("maxInFlightRequests must be >= 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxBufferedRecords(0))
                .withMessage("maxBufferedRecords must be >= 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxBufferedBytes(0))
                .withMessage("maxBufferedBytes must be >= 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new TestBuilder().maxAttempts(0))
                .withMessage("maxAttempts must be >= 1, was 0");
    }

    @Test
    void checkSettings_maxBackoffBelowInitialBackoff_throwsNamingBoth() {
        TestBuilder b = new TestBuilder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1));
        assertThatIllegalArgumentException().isThrownBy(() -> b.engine())
                .withMessage("maxBackoff must be >= initialBackoff (PT2S), was PT1S");
    }

    @Test
    void defaultCloseTimeout_isThirtySecondsUnlessTheSinkDerivesIt() {
        assertThat(new TestBuilder().defaultCloseTimeout()).isEqualTo(SinkBuilder.DEFAULT_CLOSE_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(new DerivedCloseTimeout().linger(Duration.ofSeconds(2)).closeTimeoutUsed())
                .isEqualTo(Duration.ofSeconds(6));
    }
}
