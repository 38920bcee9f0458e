package io.logpipe.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.logpipe.sink.Backpressure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/** The sink's contract, against a hand-written fake of the SDK client. */
final class FirehoseSinkBehaviourTest {

    private final FakeFirehoseClient client = new FakeFirehoseClient();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final List<FirehoseSink> sinks = new ArrayList<>();

    @AfterEach
    void closeSinks() {
        client.releaseHeld();
        sinks.forEach(FirehoseSink::close);
    }

    private FirehoseSink.Builder builder() {
        return FirehoseSink.builder().client(client).deliveryStream("s").deadLetterHandler(deadLetters::addAll)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4));
    }

    private FirehoseSink build(FirehoseSink.Builder b) {
        FirehoseSink sink = b.build();
        sinks.add(sink);
        return sink;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static FirehoseDeliveryException error(CompletableFuture<Void> f) {
        Throwable t = f.handle((v, e) -> e).join();
        assertThat(t).isInstanceOf(FirehoseDeliveryException.class);
        return (FirehoseDeliveryException) t;
    }

    private static FirehoseException serviceError(String code, int status) {
        return (FirehoseException) FirehoseException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
                .build();
    }

    @Test
    void send_oversizeRecord_failsAtOnceWithRecordTooLarge() {
        FirehoseSink sink = build(builder());
        CompletableFuture<Void> f = sink.send(new byte[FirehoseSink.MAX_RECORD_BYTES + 1]);
        assertThat(f).isCompletedExceptionally();
        FirehoseDeliveryException e = error(f);
        assertThat(e.errorCode()).isEqualTo(FirehoseDeliveryException.RECORD_TOO_LARGE);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("1024001").contains("1024000");
        assertThat(sink.stats().rejected()).isEqualTo(1);
        assertThat(client.calls).isEmpty();
    }

    @Test
    void send_recordOfExactlyMaxSize_isSent() {
        FirehoseSink sink = build(builder());
        CompletableFuture<Void> f = sink.send(new byte[FirehoseSink.MAX_RECORD_BYTES]);
        sink.flush().join();
        assertThat(f).isCompleted();
    }

    @Test
    void send_lingerElapsed_sendsWithoutFlush() {
        FirehoseSink sink = build(builder().linger(Duration.ofMillis(10)));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        f.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(client.calls).hasSize(1);
    }

    @Test
    void send_batchLimits_splitsByCountAndBytes() {
        FirehoseSink sink = build(builder().linger(Duration.ofHours(1)).maxBatchRecords(3).maxBatchBytes(10));
        for (int i = 0; i < 7; i++) {
            sink.send(bytes("x"));
        }
        sink.send(bytes("yyyyyyyyyy"));
        sink.flush().join();
        assertThat(client.calls).extracting(c -> c.records().size()).containsExactlyInAnyOrder(3, 3, 1, 1);
    }

    @Test
    void send_fatalError_deadLettersWithoutRetry() {
        client.failWith(ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("Firehose s not found.").build()).build());
        FirehoseSink sink = build(builder().linger(Duration.ofHours(1)));
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(sink.send(bytes("r" + i)));
        }
        sink.flush().join();
        assertThat(client.calls).hasSize(1);
        FirehoseDeliveryException e = error(fs.get(0));
        assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(e.errorMessage()).isEqualTo("Firehose s not found.");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("check the delivery stream name");
        assertThat(deadLetters).hasSize(10);
        assertThat(deadLetters.get(0).errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(deadLetters.get(0).attempts()).isEqualTo(1);
        assertThat(deadLetters).extracting(d -> new String(d.data(), UTF_8)).contains("r0", "r9");
        assertThat(sink.stats().deadLettered()).isEqualTo(10);
    }

    @Test
    void send_retryableErrorBeyondMaxAttempts_deadLettersWithLastError() {
        client.failWith(serviceError("InternalFailure", 500));
        FirehoseSink sink = build(builder().maxAttempts(3).linger(Duration.ofHours(1)));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.flush().join();
        assertThat(client.calls).hasSize(3);
        FirehoseDeliveryException e = error(f);
        assertThat(e.errorCode()).isEqualTo("InternalFailure");
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("3 attempt(s)").contains("maxAttempts=3");
        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(3));
        assertThat(sink.stats().retried()).isEqualTo(2);
    }

    @Test
    void send_retryDurationExhausted_deadLetters() {
        client.failWith(serviceError("ServiceUnavailableException", 503));
        FirehoseSink sink = build(builder().maxRetryDuration(Duration.ofNanos(1)).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(10)).linger(Duration.ofHours(1)));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.flush().join();
        assertThat(client.calls).hasSize(1);
        assertThat(error(f).errorCode()).isEqualTo("ServiceUnavailableException");
    }

    @Test
    void send_retryDurationOnInjectedTicker_givesUpWhenTheBudgetIsSpent() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        client.answer(r -> {
            now.addAndGet(Duration.ofMinutes(1).toNanos()); // every call "takes" a minute
            return CompletableFuture.failedFuture(serviceError("InternalFailure", 500));
        });
        FirehoseSink sink = build(builder().ticker(now::get).maxAttempts(100).maxRetryDuration(Duration.ofMinutes(5))
                .linger(Duration.ofHours(1)));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.flush().join();
        // calls end at 1, 2, 3, 4 and 5 minutes; after the fifth, the next backoff would pass the budget
        assertThat(client.calls).hasSize(5);
        assertThat(error(f).getMessage()).contains("maxRetryDuration=PT5M");
        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(5));
    }

    @Test
    void send_transientFailureThenSuccess_deliversOnce() {
        AtomicInteger n = new AtomicInteger();
        client.answer(r -> n.getAndIncrement() < 2 ? CompletableFuture.failedFuture(serviceError("InternalFailure", 500))
                : FakeFirehoseClient.acceptAll(r));
        FirehoseSink sink = build(builder().linger(Duration.ofHours(1)));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.flush().join();
        assertThat(f).isCompleted();
        assertThat(client.accepted).containsExactly("a");
        assertThat(sink.stats().retried()).isEqualTo(2);
    }

    @Test
    void send_responseWithMissingEntries_resendsTheUnanswered() {
        AtomicInteger n = new AtomicInteger();
        client.answer(r -> {
            if (n.getAndIncrement() > 0) {
                return FakeFirehoseClient.acceptAll(r);
            }
            return CompletableFuture.completedFuture(PutRecordBatchResponse.builder().failedPutCount(0)
                    .requestResponses(PutRecordBatchResponseEntry.builder().recordId("1").build()).build());
        });
        FirehoseSink sink = build(builder().linger(Duration.ofHours(1)));
        sink.send(bytes("a"));
        sink.send(bytes("b"));
        sink.flush().join();
        assertThat(client.calls).extracting(c -> c.records().size()).containsExactly(2, 1);
        assertThat(FakeFirehoseClient.text(client.calls.get(1).records().get(0))).isEqualTo("b");
    }

    @Test
    void send_failFastWhenFull_rejectsWithBufferFull() {
        client.hold();
        FirehoseSink sink = build(builder().maxBufferedRecords(10).backpressure(Backpressure.FAIL_FAST)
                .maxBatchRecords(5).linger(Duration.ofHours(1)));
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            fs.add(sink.send(bytes("r" + i)));
        }
        assertThat(fs.subList(0, 10)).noneMatch(CompletableFuture::isDone);
        assertThat(fs.subList(10, 15)).allSatisfy(f -> {
            FirehoseDeliveryException e = error(f);
            assertThat(e.errorCode()).isEqualTo(FirehoseDeliveryException.BUFFER_FULL);
            assertThat(e.retryable()).isTrue();
        });
        assertThat(sink.stats().pending()).isEqualTo(10);
        client.releaseHeld();
        assertThat(CompletableFuture.allOf(fs.subList(0, 10).toArray(new CompletableFuture<?>[0])))
                .succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void send_blockWhenFullAndNoSpaceFrees_failsAfterBlockTimeout() {
        client.hold();
        FirehoseSink sink = build(builder().maxBufferedRecords(2).blockTimeout(Duration.ofMillis(50))
                .linger(Duration.ofHours(1)));
        sink.send(bytes("a"));
        sink.send(bytes("b"));
        FirehoseDeliveryException e = error(sink.send(bytes("c")));
        assertThat(e.errorCode()).isEqualTo(FirehoseDeliveryException.BUFFER_FULL);
        assertThat(e.getMessage()).contains("blockTimeout");
    }

    @Test
    void send_blockWhenFull_proceedsOnceSpaceFrees() throws Exception {
        client.hold();
        FirehoseSink sink = build(builder().maxBufferedRecords(2).maxBatchRecords(2).linger(Duration.ofHours(1)));
        sink.send(bytes("a"));
        sink.send(bytes("b"));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            var third = other.submit(() -> sink.send(bytes("c")));
            while (client.held.isEmpty()) {
                Thread.onSpinWait();
            }
            client.releaseHeld();
            CompletableFuture<Void> c = third.get(10, TimeUnit.SECONDS);
            sink.flush().join();
            assertThat(c).isCompleted();
            assertThat(client.accepted).containsExactlyInAnyOrder("a", "b", "c");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void send_manyThreads_deliversEveryRecordOnce() throws Exception {
        FirehoseSink sink = build(builder().linger(Duration.ofMillis(5)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> fs = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            pool.submit(() -> {
                for (int i = 0; i < 5000; i++) {
                    fs.add(sink.send(bytes(id + "-" + i)));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        sink.flush().join();
        assertThat(fs).hasSize(20000).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(client.accepted).hasSize(20000).doesNotHaveDuplicates();
    }

    @Test
    void send_inFlightLimit_neverExceeded() {
        client.hold();
        FirehoseSink sink = build(builder().maxInFlightRequests(3).maxBatchRecords(1).linger(Duration.ofHours(1)));
        for (int i = 0; i < 10; i++) {
            sink.send(bytes("r" + i));
        }
        assertThat(client.calls).hasSize(3);
        client.releaseHeld();
        sink.flush().join();
        assertThat(client.accepted).hasSize(10);
    }

    @Test
    void send_throttled_halvesInFlightLimit() {
        AtomicInteger calls = new AtomicInteger();
        client.answer(r -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(serviceError("ServiceUnavailableException", 503))
                : FakeFirehoseClient.acceptAll(r));
        FirehoseSink sink = build(builder().maxInFlightRequests(4).maxBatchRecords(1).linger(Duration.ofHours(1)));
        sink.send(bytes("a"));
        sink.flush().join();
        client.hold();
        for (int i = 0; i < 10; i++) {
            sink.send(bytes("r" + i));
        }
        // limit 4 halved to 2 by the throttle, then +1 for the successful retry: 3 in flight at most
        assertThat(client.held).hasSize(3);
    }

    @Test
    void flush_waitsForRecordsSentBeforeItOnly() {
        client.hold();
        FirehoseSink sink = build(builder().linger(Duration.ofHours(1)));
        assertThat(sink.flush()).isCompleted();
        CompletableFuture<Void> a = sink.send(bytes("a"));
        CompletableFuture<Void> first = sink.flush();
        CompletableFuture<Void> b = sink.send(bytes("b"));
        CompletableFuture<Void> second = sink.flush();
        assertThat(client.held).hasSize(2);
        assertThat(first).isNotDone();
        client.held.get(1).complete(FakeFirehoseClient.acceptAll(client.heldRequests.get(1)).join());
        assertThat(b).isCompleted();
        assertThat(first).isNotDone();
        assertThat(second).isNotDone(); // "a", sent before it, is still in flight
        client.held.get(0).complete(FakeFirehoseClient.acceptAll(client.heldRequests.get(0)).join());
        assertThat(a).isCompleted();
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
    }

    @Test
    void send_afterClose_isRejected() {
        FirehoseSink sink = build(builder());
        sink.close();
        FirehoseDeliveryException e = error(sink.send(bytes("a")));
        assertThat(e.errorCode()).isEqualTo(FirehoseDeliveryException.SINK_CLOSED);
    }

    @Test
    void close_pendingRecords_flushesAndWaits() {
        FirehoseSink sink = build(builder().linger(Duration.ofHours(1)));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.close();
        assertThat(f).isCompleted();
        assertThat(client.accepted).containsExactly("a");
    }

    @Test
    void close_withCallerOwnedClientAndScheduler_closesNeither() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            FirehoseSink sink = build(builder().scheduler(scheduler));
            sink.send(bytes("a"));
            sink.close();
            sink.close();
            assertThat(client.closed).isFalse();
            assertThat(scheduler.isShutdown()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void close_endpointNeverAnswers_deadLettersAfterCloseTimeout() {
        client.hold();
        FirehoseSink sink = build(builder().closeTimeout(Duration.ofMillis(50)).linger(Duration.ofHours(1)));
        CompletableFuture<Void> inFlight = sink.send(bytes("a"));
        sink.flush();
        CompletableFuture<Void> f = sink.send(bytes("b"));
        sink.close();
        assertThat(error(f).errorCode()).isEqualTo(FirehoseDeliveryException.SINK_CLOSED);
        assertThat(error(inFlight).errorCode()).isEqualTo(FirehoseDeliveryException.SINK_CLOSED);
        assertThat(deadLetters).extracting(d -> new String(d.data(), UTF_8)).containsExactlyInAnyOrder("a", "b");
        // a late answer changes nothing
        client.releaseHeld();
        assertThat(sink.stats().deadLettered()).isEqualTo(2);
        assertThat(sink.stats().delivered()).isZero();
    }

    @Test
    void deadLetterHandler_throws_recordsStillFailAndSinkGoesOn() {
        client.failWith(serviceError("AccessDeniedException", 400));
        FirehoseSink sink = build(FirehoseSink.builder().client(client).deliveryStream("s").linger(Duration.ofHours(1))
                .deadLetterHandler(l -> {
                    throw new IllegalStateException("disk full");
                }));
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.flush().join();
        assertThat(error(f).errorCode()).isEqualTo("AccessDeniedException");
        assertThat(error(f).getMessage()).contains("credentials");
    }

    private static PutRecordBatchResponse failing(PutRecordBatchRequest r, java.util.function.Predicate<String> fail,
            String code) {
        List<PutRecordBatchResponseEntry> entries = new ArrayList<>();
        int failed = 0;
        for (software.amazon.awssdk.services.firehose.model.Record rec : r.records()) {
            if (fail.test(FakeFirehoseClient.text(rec))) {
                failed++;
                entries.add(PutRecordBatchResponseEntry.builder().errorCode(code).errorMessage(code).build());
            } else {
                entries.add(PutRecordBatchResponseEntry.builder().recordId("id").build());
            }
        }
        return PutRecordBatchResponse.builder().failedPutCount(failed).requestResponses(entries).build();
    }

    @Test
    void send_partialFailureNotThrottled_resendsAtOnceWithoutBackoff() throws Exception {
        java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        client.answer(r -> CompletableFuture.completedFuture(failing(r, t -> t.equals("b") && failedOnce.add(t),
                "InternalFailure")));
        // an hour of backoff would hold the flush: the re-send of a partly accepted call must not wait for it
        FirehoseSink sink = build(builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1))
                .linger(Duration.ofHours(1)));
        sink.send(bytes("a"));
        CompletableFuture<Void> b = sink.send(bytes("b"));
        sink.flush().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(b).isCompleted();
        assertThat(client.calls).extracting(c -> c.records().size()).containsExactly(2, 1);
        assertThat(sink.stats().retried()).isEqualTo(1);
    }

    @Test
    void send_callWhollyFailed_stillBacksOff() {
        AtomicInteger n = new AtomicInteger();
        client.answer(r -> n.getAndIncrement() == 0 ? CompletableFuture.completedFuture(failing(r, t -> true,
                "InternalFailure")) : FakeFirehoseClient.acceptAll(r));
        FirehoseSink sink = build(builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1))
                .linger(Duration.ofHours(1)));
        // ten records refused in one call, none stored: an outage, not chance (a call of one or two
        // re-sent records that fails whole by chance is re-sent at once: DeliveryEngineTest)
        for (int i = 0; i < 10; i++) {
            sink.send(bytes("r" + i));
        }
        CompletableFuture<Void> flushed = sink.flush();
        assertThat(flushed.completeOnTimeout(null, 300, java.util.concurrent.TimeUnit.MILLISECONDS).join()).isNull();
        // nothing accepted: the re-send waits for the backoff, so only the first call was made
        assertThat(client.calls).hasSize(1);
    }

    @Test
    void send_retriedEntries_shareACallWithTheRecordsQueuedBehindThem() {
        client.hold();
        FirehoseSink sink = build(builder().maxInFlightRequests(1).maxBatchRecords(3).linger(Duration.ofHours(1)));
        for (String t : List.of("a1", "a2", "a3", "b1", "b2", "b3")) {
            sink.send(bytes(t));
        }
        assertThat(client.held).hasSize(1);
        java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        client.answer(r -> CompletableFuture.completedFuture(failing(r, t -> t.equals("a2") && failedOnce.add(t),
                "InternalFailure")));
        client.held.get(0).complete(failing(client.heldRequests.get(0), t -> t.equals("a2") && failedOnce.add(t),
                "InternalFailure"));
        sink.flush().join();
        // the re-sent a2 fills its call with b1 and b2 instead of a call of its own: 3 calls, not 3 + 1 + 3
        assertThat(client.calls).extracting(c -> c.records().size()).containsExactly(3, 3, 1);
        assertThat(client.calls.get(1).records()).extracting(FakeFirehoseClient::text).containsExactly("a2", "b1", "b2");
        assertThat(client.accepted).containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2", "b3");
    }

    @Test
    void metrics_partialFailure_recordsRequestsRecordsAndBatches() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        client.answer(r -> CompletableFuture.completedFuture(FakeFirehoseClient.partial(r,
                t -> t.startsWith("f") && failedOnce.add(t))));
        FirehoseSink sink = build(builder().meterRegistry(registry).linger(Duration.ofHours(1)));
        for (int i = 0; i < 8; i++) {
            sink.send(bytes((i < 3 ? "f" : "o") + i));
        }
        sink.flush().join();
        assertThat(registry.get(FirehoseMetricNames.REQUESTS).tag("stream", "s").tag("outcome", "partial").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(FirehoseMetricNames.REQUESTS).tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get(FirehoseMetricNames.REQUESTS).tag("outcome", "failure").timer().count()).isZero();
        assertThat(registry.get(FirehoseMetricNames.RECORDS).tag("result", "delivered").counter().count()).isEqualTo(8);
        assertThat(registry.get(FirehoseMetricNames.RECORDS).tag("result", "retried").counter().count()).isEqualTo(3);
        assertThat(registry.get(FirehoseMetricNames.RECORDS).tag("result", "failed").counter().count()).isZero();
        assertThat(registry.get(FirehoseMetricNames.BATCH_RECORDS).summary().totalAmount()).isEqualTo(11);
        assertThat(registry.get(FirehoseMetricNames.BATCH_RECORDS).summary().count()).isEqualTo(2);
        assertThat(registry.get(FirehoseMetricNames.BATCH_BYTES).summary().totalAmount()).isEqualTo(22);
        assertThat(registry.get(FirehoseMetricNames.BUFFER_RECORDS).gauge().value()).isZero();
    }

    @Test
    void metrics_gauge_countsPendingRecords() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        client.hold();
        FirehoseSink sink = build(builder().meterRegistry(registry).linger(Duration.ofHours(1)));
        sink.send(bytes("a"));
        sink.send(bytes("b"));
        assertThat(registry.get(FirehoseMetricNames.BUFFER_RECORDS).tag("stream", "s").gauge().value()).isEqualTo(2);
        sink.send(new byte[FirehoseSink.MAX_RECORD_BYTES + 1]);
        assertThat(registry.get(FirehoseMetricNames.RECORDS).tag("result", "failed").counter().count()).isEqualTo(1);
    }

    @Test
    void recordPacking_smallRecords_packedIntoFewerFirehoseRecords() {
        FirehoseSink sink = build(builder().recordPacking(1000).linger(Duration.ofHours(1)));
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fs.add(sink.send(bytes(String.format("%08d", i) + "x".repeat(90))));
        }
        sink.flush().join();
        assertThat(fs).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        String all = String.join("", client.accepted);
        assertThat(all.split("\n")).hasSize(100);
        assertThat(client.accepted).hasSize(10).allMatch(s -> s.length() <= 1000);
        FirehoseSinkStats stats = sink.stats();
        assertThat(stats.delivered()).isEqualTo(100);
        assertThat(stats.firehoseRecords()).isEqualTo(10);
        assertThat(stats.billedBytes()).isEqualTo(10 * FirehoseBilling.BILLING_INCREMENT_BYTES);
        assertThat(stats.payloadBytes()).isEqualTo(100 * 99);
    }

    @Test
    void recordPacking_recordOverFirehoseLimit_splitAtLines() {
        FirehoseSink sink = build(builder().recordPacking(FirehoseSink.MAX_RECORD_BYTES).linger(Duration.ofHours(1)));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            big.append(String.format("%06d", i)).append("y".repeat(993)).append('\n');
        }
        CompletableFuture<Void> f = sink.send(bytes(big.toString()));
        sink.flush().join();
        assertThat(f).isCompleted();
        assertThat(String.join("", client.accepted)).isEqualTo(big.toString());
        assertThat(client.accepted).hasSizeGreaterThan(2).allMatch(s -> s.length() <= FirehoseSink.MAX_RECORD_BYTES);
    }

    @Test
    void recordPacking_lineOverFirehoseLimit_rejected() {
        FirehoseSink sink = build(builder().recordPacking(1000));
        FirehoseDeliveryException e = error(sink.send(new byte[FirehoseSink.MAX_RECORD_BYTES + 1]));
        assertThat(e.errorCode()).isEqualTo(FirehoseDeliveryException.RECORD_TOO_LARGE);
        assertThat(e.getMessage()).contains("line longer");
    }

    @Test
    void recordPacking_lingerElapsed_sealsOpenPack() {
        FirehoseSink sink = build(builder().recordPacking(1000).linger(Duration.ofMillis(10)));
        sink.send(bytes("a")).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(client.accepted).containsExactly("a\n");
    }

    @Test
    void build_invalidOptions_throwNamingTheOption() {
        assertThatIllegalStateException().isThrownBy(() -> FirehoseSink.builder().build())
                .withMessageContaining("deliveryStream");
        assertThatIllegalArgumentException().isThrownBy(() -> FirehoseSink.builder().deliveryStream("bad name").build())
                .withMessageContaining("bad name");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxBatchRecords(501).build())
                .withMessageContaining("maxBatchRecords").withMessageContaining("501");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxBatchBytes(FirehoseSink.MAX_BATCH_BYTES + 1)
                .build()).withMessageContaining("maxBatchBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().linger(Duration.ofMillis(-1)).build())
                .withMessageContaining("linger");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxInFlightRequests(0).build())
                .withMessageContaining("maxInFlightRequests");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxBufferedRecords(0).build())
                .withMessageContaining("maxBufferedRecords");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxBufferedBytes(0).build())
                .withMessageContaining("maxBufferedBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().blockTimeout(Duration.ofSeconds(-1)).build())
                .withMessageContaining("blockTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxAttempts(0).build())
                .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxRetryDuration(Duration.ZERO).build())
                .withMessageContaining("maxRetryDuration");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().initialBackoff(Duration.ZERO).build())
                .withMessageContaining("initialBackoff");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().initialBackoff(Duration.ofSeconds(2))
                .maxBackoff(Duration.ofSeconds(1)).build()).withMessageContaining("maxBackoff");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().closeTimeout(Duration.ofSeconds(-1)).build())
                .withMessageContaining("closeTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().recordPacking(-1).build())
                .withMessageContaining("recordPacking");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .build()).withMessageContaining("client(...)");
    }

    @Test
    void build_withoutClient_buildsAndClosesItsOwn() {
        FirehoseSink sink = FirehoseSink.builder().deliveryStream("s")
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .maxAttempts(1).closeTimeout(Duration.ofSeconds(10)).build();
        CompletableFuture<Void> f = sink.send(bytes("a"));
        sink.close();
        // port 9 (discard) refuses the connection: retryable, and the one attempt is spent
        assertThat(error(f).errorCode()).isEqualTo(FirehoseDeliveryException.CLIENT_ERROR);
        assertThat(sink.deliveryStream()).isEqualTo("s");
    }
}
