package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.logpipe.model.LogpipeException;
import io.logpipe.sink.DeliveryEngineCompatibilityTest.TestErrors;
import io.logpipe.sink.DeliveryEngineCompatibilityTest.TextEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's own rules, beyond the shared contract: split, per-entry retries, budget, AIMD, back-pressure, assembly. */
final class DeliveryEngineTest {

    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final List<String> givenUp = new CopyOnWriteArrayList<>();
    private final List<DeliveryEngine<TextEntry>> engines = new ArrayList<>();
    private volatile Function<List<TextEntry>, CompletableFuture<BatchResult>> answer =
            b -> CompletableFuture.completedFuture(BatchResult.delivered());

    @AfterEach
    void close() {
        answer = b -> CompletableFuture.completedFuture(BatchResult.delivered());
        engines.forEach(DeliveryEngine::close);
    }

    private DeliveryEngine.Builder<TextEntry> builder() {
        return DeliveryEngine.<TextEntry>builder().name("t").errors(TestErrors.INSTANCE)
                .linger(Duration.ofHours(1))
                .backoff(Backoff.of(Duration.ofMillis(1), Duration.ofMillis(2)))
                .strategy(new BatchStrategy<>() {
                    @Override
                    public CompletableFuture<BatchResult> submit(List<TextEntry> batch) {
                        List<String> texts = new ArrayList<>();
                        batch.forEach(e -> texts.add(e.text));
                        calls.add(texts);
                        return answer.apply(batch);
                    }

                    @Override
                    public void onGivenUp(List<TextEntry> entries, List<Failure> failures) {
                        entries.forEach(e -> givenUp.add(e.text + ":" + failures.get(0).errorCode()));
                    }
                });
    }

    private DeliveryEngine<TextEntry> build(DeliveryEngine.Builder<TextEntry> b) {
        DeliveryEngine<TextEntry> e = b.build();
        engines.add(e);
        return e;
    }

    private static CompletableFuture<Void> send(DeliveryEngine<TextEntry> engine, String text) {
        TextEntry e = new TextEntry(text, engine.ticker().read());
        return engine.send(e, e.future());
    }

    private static Failure failure(Failure.Kind kind, String code) {
        return new Failure(kind, code, code + " message", null);
    }

    @Test
    void send_split_sendsEachHalfAndFailsALoneEntry() {
        answer = b -> CompletableFuture.completedFuture(b.size() > 1 || b.get(0).text.equals("big")
                ? BatchResult.split(failure(Failure.Kind.FATAL, "413")) : BatchResult.delivered());
        DeliveryEngine<TextEntry> engine = build(builder());
        CompletableFuture<Void> a = send(engine, "a");
        CompletableFuture<Void> big = send(engine, "big");
        CompletableFuture<Void> c = send(engine, "c");
        engine.flush().join();
        assertThat(calls.get(0)).containsExactly("a", "big", "c");
        assertThat(a).isCompleted().isNotCompletedExceptionally();
        assertThat(c).isCompleted().isNotCompletedExceptionally();
        assertThat(big).isCompletedExceptionally();
        assertThat(givenUp).containsExactly("big:413");
        assertThat(engine.stats().failed()).isEqualTo(1);
    }

    @Test
    void send_perEntryFailure_resendsOnlyTheFailedEntries() {
        AtomicInteger n = new AtomicInteger();
        answer = b -> {
            if (n.getAndIncrement() > 0) {
                return CompletableFuture.completedFuture(BatchResult.delivered());
            }
            List<@Nullable Failure> each = new ArrayList<>();
            for (TextEntry e : b) {
                each.add(e.text.startsWith("x") ? failure(Failure.Kind.RETRYABLE, "InternalFailure") : null);
            }
            return CompletableFuture.completedFuture(BatchResult.perEntry(each));
        };
        DeliveryEngine<TextEntry> engine = build(builder());
        for (String s : List.of("a", "x1", "b", "x2")) {
            send(engine, s);
        }
        engine.flush().join();
        assertThat(calls).containsExactly(List.of("a", "x1", "b", "x2"), List.of("x1", "x2"));
        assertThat(engine.stats().delivered()).isEqualTo(4);
        assertThat(engine.stats().retried()).isEqualTo(2);
    }

    @Test
    void send_shortAnswer_resendsTheUnansweredEntries() {
        AtomicInteger n = new AtomicInteger();
        answer = b -> CompletableFuture.completedFuture(n.getAndIncrement() == 0
                ? BatchResult.perEntry(java.util.Collections.singletonList(null)) : BatchResult.delivered());
        DeliveryEngine<TextEntry> engine = build(builder());
        send(engine, "a");
        send(engine, "b");
        engine.flush().join();
        assertThat(calls).containsExactly(List.of("a", "b"), List.of("b"));
    }

    @Test
    void send_retryBudgetOnInjectedTicker_givesUpAtTheDeadline() {
        AtomicLong now = new AtomicLong();
        answer = b -> {
            now.addAndGet(Duration.ofMinutes(1).toNanos());
            return CompletableFuture.completedFuture(BatchResult.failed(failure(Failure.Kind.RETRYABLE, "InternalFailure")));
        };
        DeliveryEngine<TextEntry> engine = build(builder().ticker(now::get)
                .retryBudget(RetryBudget.of(100, Duration.ofMinutes(5))));
        CompletableFuture<Void> f = send(engine, "a");
        engine.flush().join();
        assertThat(calls).hasSize(5);
        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(LogpipeException.class)
                .hasMessageContaining("given up after 5").hasMessageContaining("maxRetryDuration=PT5M");
    }

    @Test
    void send_throwingStrategy_isRetried() {
        AtomicInteger n = new AtomicInteger();
        answer = b -> {
            if (n.getAndIncrement() == 0) {
                throw new IllegalStateException("boom");
            }
            return CompletableFuture.completedFuture(BatchResult.delivered());
        };
        DeliveryEngine<TextEntry> engine = build(builder());
        CompletableFuture<Void> f = send(engine, "a");
        engine.flush().join();
        assertThat(f).isCompleted().isNotCompletedExceptionally();
        assertThat(calls).hasSize(2);
    }

    @Test
    void send_throttledCalls_halveTheInFlightLimit() {
        List<CompletableFuture<BatchResult>> held = new CopyOnWriteArrayList<>();
        answer = b -> {
            CompletableFuture<BatchResult> f = new CompletableFuture<>();
            held.add(f);
            return f;
        };
        DeliveryEngine<TextEntry> engine = build(builder().maxBatchRecords(1).maxInFlightRequests(4));
        for (int i = 0; i < 8; i++) {
            send(engine, "r" + i);
        }
        assertThat(held).hasSize(4);
        answer = b -> CompletableFuture.completedFuture(BatchResult.delivered());
        // two throttled answers: the limit drops from 4 to 1, so the two freed slots send nothing new
        held.get(0).complete(BatchResult.failed(failure(Failure.Kind.THROTTLED, "Throttling")));
        held.get(1).complete(BatchResult.failed(failure(Failure.Kind.THROTTLED, "Throttling")));
        assertThat(calls).hasSize(4);
        held.get(2).complete(BatchResult.delivered());
        held.get(3).complete(BatchResult.delivered());
        engine.flush().join();
        assertThat(engine.stats().delivered()).isEqualTo(8);
    }

    /** A backoff no test waits out: a retry sent within a test was sent at once. */
    private static final Backoff DAYS = Backoff.of(Duration.ofDays(1), Duration.ofDays(2));

    private static CompletableFuture<BatchResult> eachFails(List<TextEntry> batch, Failure.Kind kind, String code) {
        List<@Nullable Failure> each = new ArrayList<>();
        for (TextEntry e : batch) {
            each.add(e.text.startsWith("x") ? failure(kind, code) : null);
        }
        return CompletableFuture.completedFuture(BatchResult.perEntry(each));
    }

    @Test
    void send_answeredCallStoringNothing_resendsAtOnceAndKeepsTheInFlightLimit() {
        List<CompletableFuture<BatchResult>> held = new CopyOnWriteArrayList<>();
        answer = b -> {
            CompletableFuture<BatchResult> f = new CompletableFuture<>();
            held.add(f);
            return f;
        };
        DeliveryEngine<TextEntry> engine = build(builder().maxInFlightRequests(2).backoff(DAYS)
                .closeTimeout(Duration.ZERO));
        send(engine, "x1");
        engine.flush();
        send(engine, "x2");
        engine.flush();
        send(engine, "c");
        CompletableFuture<Void> all = engine.flush();
        assertThat(calls).containsExactly(List.of("x1"), List.of("x2"));
        answer = b -> CompletableFuture.completedFuture(BatchResult.delivered());
        // a small call whose one entry is refused per entry (a throttle code, by chance): it is no
        // throttle (the moving share barely moves) and no outage, so it is re-sent at once, topped up
        // with the queued entry, in the slot it freed: the in-flight limit was not halved
        held.get(0).complete(eachFails(List.of(new TextEntry("x1", 0)), Failure.Kind.THROTTLED,
                "ServiceUnavailableException").join());
        assertThat(calls).hasSize(3);
        assertThat(calls.get(2)).containsExactly("x1", "c");
        // the same with a retryable code
        held.get(1).complete(eachFails(List.of(new TextEntry("x2", 0)), Failure.Kind.RETRYABLE,
                "InternalFailure").join());
        assertThat(calls).hasSize(4);
        assertThat(calls.get(3)).containsExactly("x2");
        assertThat(all).isCompleted();
        assertThat(engine.stats().delivered()).isEqualTo(3);
        assertThat(engine.stats().retried()).isEqualTo(2);
        assertThat(engine.stats().failed()).isZero();
    }

    @Test
    void send_tenEntriesInARowNotStored_backOff() {
        answer = b -> eachFails(b, Failure.Kind.RETRYABLE, "InternalFailure");
        DeliveryEngine<TextEntry> engine = build(builder().backoff(DAYS).closeTimeout(Duration.ZERO));
        CompletableFuture<Void> f = send(engine, "x");
        CompletableFuture<Void> all = engine.flush();
        // a lone entry refused every time: re-sent at once until ten in a row were not stored, then backed off
        assertThat(calls).hasSize(DeliveryEngine.UNSTORED_RUN_BEFORE_BACKOFF);
        assertThat(f).isNotDone();
        assertThat(all).isNotDone();
        assertThat(engine.stats().retried()).isEqualTo(DeliveryEngine.UNSTORED_RUN_BEFORE_BACKOFF - 1);
    }

    @Test
    void send_storedEntryRestartsTheRun_aFullCallStoringNothingBacksOff() {
        answer = b -> eachFails(b, Failure.Kind.RETRYABLE, "InternalFailure");
        DeliveryEngine<TextEntry> engine = build(builder().backoff(DAYS).closeTimeout(Duration.ZERO));
        for (String s : List.of("x1", "x2", "x3", "x4", "x5", "ok")) {
            send(engine, s);
        }
        CompletableFuture<Void> all = engine.flush();
        // "ok" stored: the five refused are re-sent at once; refused again (five in a row), once more;
        // then ten in a row were not stored: backoff. The run counts entries across calls, not calls
        assertThat(calls).containsExactly(List.of("x1", "x2", "x3", "x4", "x5", "ok"),
                List.of("x1", "x2", "x3", "x4", "x5"), List.of("x1", "x2", "x3", "x4", "x5"));
        assertThat(all).isNotDone();

        calls.clear();
        DeliveryEngine<TextEntry> outage = build(builder().backoff(DAYS).closeTimeout(Duration.ZERO));
        for (int i = 0; i < DeliveryEngine.UNSTORED_RUN_BEFORE_BACKOFF; i++) {
            send(outage, "x" + i);
        }
        CompletableFuture<Void> outageFlushed = outage.flush();
        // one call of ten entries, every one refused: an outage, not chance; no immediate re-send
        assertThat(calls).hasSize(1);
        assertThat(outageFlushed).isNotDone();
    }

    @Test
    void send_resentAtOnce_stillGivesUpAfterMaxAttempts() {
        answer = b -> eachFails(b, Failure.Kind.RETRYABLE, "InternalFailure");
        DeliveryEngine<TextEntry> engine = build(builder().backoff(DAYS).closeTimeout(Duration.ZERO)
                .retryBudget(RetryBudget.of(5, Duration.ofMinutes(5))));
        CompletableFuture<Void> f = send(engine, "x");
        CompletableFuture<Void> all = engine.flush();
        assertThat(calls).hasSize(5);
        assertThat(all).isCompleted();
        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(LogpipeException.class)
                .hasMessageContaining("given up after 5");
        assertThat(givenUp).containsExactly("x:InternalFailure");
        assertThat(engine.stats().failed()).isEqualTo(1);
    }

    @Test
    void send_callMostlyThrottledPerEntry_backsOffAndHalvesTheLimit() {
        List<CompletableFuture<BatchResult>> held = new CopyOnWriteArrayList<>();
        answer = b -> {
            CompletableFuture<BatchResult> f = new CompletableFuture<>();
            held.add(f);
            return f;
        };
        DeliveryEngine<TextEntry> engine = build(builder().maxBatchRecords(4).maxInFlightRequests(2).backoff(DAYS)
                .closeTimeout(Duration.ZERO));
        for (String s : List.of("x0", "x1", "x2", "x3", "r4", "r5", "r6", "r7", "r8")) {
            send(engine, s);
        }
        engine.flush();
        assertThat(calls).hasSize(2);
        answer = b -> CompletableFuture.completedFuture(BatchResult.delivered());
        // a full call whose every entry is throttled: the moving share reaches one half, a throttle:
        // the limit halves to 1 (the second call still holds it) and the four wait for their backoff
        held.get(0).complete(eachFails(List.of(new TextEntry("x0", 0), new TextEntry("x1", 0),
                new TextEntry("x2", 0), new TextEntry("x3", 0)), Failure.Kind.THROTTLED,
                "ServiceUnavailableException").join());
        assertThat(calls).hasSize(2);
        held.get(1).complete(BatchResult.delivered());
        assertThat(calls).hasSize(3);
        assertThat(calls.get(2)).containsExactly("r8");
        assertThat(engine.stats().retried()).isZero();
    }

    @Test
    void send_failFastWhenFull_rejectsWithBufferFull() {
        answer = b -> new CompletableFuture<>();
        DeliveryEngine<TextEntry> engine = build(builder().maxBufferedRecords(2).backpressure(Backpressure.FAIL_FAST)
                .closeTimeout(Duration.ZERO));
        send(engine, "a");
        send(engine, "b");
        CompletableFuture<Void> c = send(engine, "c");
        assertThat(c.handle((v, e) -> e).join()).hasMessageContaining(DeliveryEngine.BUFFER_FULL)
                .hasMessageContaining("maxBufferedRecords=2");
        assertThat(engine.stats().rejected()).isEqualTo(1);
        assertThat(engine.stats().pending()).isEqualTo(2);
    }

    @Test
    void send_blockWhenFull_failsAfterTheBlockTimeout() {
        answer = b -> new CompletableFuture<>();
        DeliveryEngine<TextEntry> engine = build(builder().maxBufferedBytes(1).blockTimeout(Duration.ofMillis(20))
                .closeTimeout(Duration.ZERO));
        send(engine, "a");
        CompletableFuture<Void> b = send(engine, "b");
        assertThat(b.handle((v, e) -> e).join()).hasMessageContaining("blockTimeout");
    }

    @Test
    void send_zeroLinger_sendsAsSoonAsASlotIsFree() {
        DeliveryEngine<TextEntry> engine = build(builder().linger(Duration.ZERO));
        CompletableFuture<Void> f = send(engine, "now");
        f.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(calls).containsExactly(List.of("now"));
    }

    /** Packs texts into entries of at most 3 records, as record packing does. */
    static final class Packs implements Assembler {
        final Consumer<PackedText> emit;
        final List<PackedEntry.Member> members = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        long first;

        Packs(Consumer<PackedText> emit) {
            this.emit = emit;
        }

        void add(String s, PackedEntry.Member m, long now) {
            if (members.isEmpty()) {
                first = now;
            }
            members.add(m);
            text.append(s);
            if (members.size() == 3) {
                seal();
            }
        }

        @Override
        public boolean isEmpty() {
            return members.isEmpty();
        }

        @Override
        public long firstAddedNanos() {
            return first;
        }

        @Override
        public boolean seal() {
            if (members.isEmpty()) {
                return false;
            }
            emit.accept(new PackedText(text.toString(), first, new ArrayList<>(members)));
            members.clear();
            text.setLength(0);
            return true;
        }
    }

    static final class PackedText extends PackedEntry {
        final String text;

        PackedText(String text, long arrival, List<Member> members) {
            super(arrival, members);
            this.text = text;
        }

        @Override
        public int bytes() {
            return text.length();
        }
    }

    @Test
    void sendAssembled_packedRecords_completeWithTheirPack() {
        List<String> packs = new CopyOnWriteArrayList<>();
        Packs[] holder = new Packs[1];
        DeliveryEngine<PackedText> engine = DeliveryEngine.<PackedText>builder().name("p").errors(TestErrors.INSTANCE)
                .linger(Duration.ofHours(1))
                .strategy(b -> {
                    b.forEach(p -> packs.add(p.text));
                    return CompletableFuture.completedFuture(BatchResult.delivered());
                })
                .assembler(emit -> holder[0] = new Packs(emit))
                .build();
        try {
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (String s : List.of("a", "b", "c", "d")) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                fs.add(engine.sendAssembled(f, 1, now -> holder[0].add(s, new PackedEntry.Member(f, 1, 1), now)));
            }
            engine.flush().join();
            assertThat(packs).containsExactly("abc", "d");
            assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
            assertThat(engine.stats().delivered()).isEqualTo(4);
            assertThat(engine.stats().deliveredEntries()).isEqualTo(2);
        } finally {
            engine.close();
        }
    }

    @Test
    void sendAssembled_withoutAssembler_throws() {
        DeliveryEngine<TextEntry> engine = build(builder());
        assertThatIllegalStateException().isThrownBy(() -> engine.sendAssembled(new CompletableFuture<>(), 1, n -> { }))
                .withMessageContaining("assembler");
    }

    @Test
    void build_invalidOptions_throwNamingTheOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxBatchRecords(0).build())
                .withMessageContaining("maxBatchRecords");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxInFlightRequests(0).build())
                .withMessageContaining("maxInFlightRequests");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().linger(Duration.ofSeconds(-1)).build())
                .withMessageContaining("linger");
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .withMessageContaining("maxBackoff");
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1)))
                .withMessageContaining("initialBackoff");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryBudget.of(0, Duration.ofSeconds(1)))
                .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryBudget.of(1, Duration.ofSeconds(-1)))
                .withMessageContaining("maxRetryDuration");
        assertThat(builder().build().toString()).contains("maxAttempts=30").contains("sink=t");
    }

    @Test
    void throttleShare_smallCallsBarelyMoveIt_fullCallsDo() {
        // moved from FirehoseSinkBehaviourTest with the throttle judgement it tests
        DeliveryEngine.ThrottleShare share = new DeliveryEngine.ThrottleShare();
        assertThat(share.update(50, 500, 500)).isLessThan(0.5);
        // three re-sent entries, two throttled by chance: not a throttle
        assertThat(share.update(2, 3, 500)).isLessThan(0.5);
        // whole calls mostly throttled: a throttle
        share.update(450, 500, 500);
        assertThat(share.update(450, 500, 500)).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void backoff_delays_doubleWithinHalfJitterAndStopAtTheMaximum() {
        Backoff b = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(b.delayNanos(1, 0)).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(b.delayNanos(1, 0.999)).isLessThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(b.delayNanos(3, 0)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(b.delayNanos(60, 0)).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(b.toString()).contains("PT0.1S");
    }

    @Test
    void retryBudget_attemptsAndDuration_bothBound() {
        RetryBudget r = RetryBudget.of(3, Duration.ofSeconds(10));
        assertThat(r.allowsRetry(2, 0)).isTrue();
        assertThat(r.allowsRetry(3, 0)).isFalse();
        assertThat(r.allowsRetry(1, Duration.ofSeconds(10).toNanos())).isFalse();
        assertThat(r.remainingNanos(Duration.ofSeconds(4).toNanos())).isEqualTo(Duration.ofSeconds(6).toNanos());
        assertThat(r.remainingNanos(Duration.ofSeconds(40).toNanos())).isZero();
        assertThat(RetryBudget.of(1, Duration.ZERO).allowsRetry(0, 0)).isFalse();
    }
}
