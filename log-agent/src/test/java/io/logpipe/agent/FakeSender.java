package io.logpipe.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A sender keeping what it acknowledged; each send's outcome is decided by a function of the send index. */
final class FakeSender implements RecordSender {

    /** What to do with the n-th send (0-based). */
    enum Outcome { ACK, FAIL_RETRYABLE, FAIL_FATAL, HOLD }

    final List<String> acknowledged = new ArrayList<>();
    final List<CompletableFuture<Void>> held = new ArrayList<>();
    final List<byte[]> heldData = new ArrayList<>();
    final AtomicInteger sends = new AtomicInteger();
    volatile IntFunction<Outcome> outcome = n -> Outcome.ACK;
    volatile boolean closed;
    volatile int flushes;
    volatile RuntimeException verifyFailure;

    @Override
    public void verify() {
        if (verifyFailure != null) {
            throw verifyFailure;
        }
    }

    @Override
    public CompletableFuture<Void> send(byte[] record) {
        int n = sends.getAndIncrement();
        switch (outcome.apply(n)) {
            case FAIL_RETRYABLE:
                return CompletableFuture.failedFuture(new io.logpipe.model.LogpipeException("throttled", null, true));
            case FAIL_FATAL:
                return CompletableFuture.failedFuture(new io.logpipe.model.LogpipeException(
                        "ResourceNotFoundException: Firehose stream nope not found", null, false));
            case HOLD:
                CompletableFuture<Void> f = new CompletableFuture<>();
                synchronized (this) {
                    held.add(f);
                    heldData.add(record);
                }
                return f;
            default:
                synchronized (this) {
                    acknowledged.add(new String(record, StandardCharsets.UTF_8));
                }
                return CompletableFuture.completedFuture(null);
        }
    }

    /** Completes the held future {@code i}, recording its record as acknowledged. */
    synchronized void complete(int i) {
        acknowledged.add(new String(heldData.get(i), StandardCharsets.UTF_8));
        held.get(i).complete(null);
    }

    synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    synchronized int heldCount() {
        return held.size();
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
