package io.logpipe.sink;

import io.logpipe.model.LogpipeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine itself passes the kit, with an in-memory service behind a minimal strategy. */
final class DeliveryEngineCompatibilityTest extends SinkCompatibilityKit {

    private final InMemoryService service = new InMemoryService();

    @Override
    protected SinkUnderTest create(Options o) {
        DeliveryEngine<TextEntry> engine = DeliveryEngine.<TextEntry>builder()
                .name("mem")
                .strategy(service)
                .errors(TestErrors.INSTANCE)
                .maxBatchRecords(o.maxBatchRecords)
                .linger(o.linger)
                .closeTimeout(o.closeTimeout)
                .scheduler(o.scheduler)
                .backoff(Backoff.of(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(4)))
                .metrics(SinkMetrics.builder("mem", "mem").registry(o.registry).build())
                .build();
        return new SinkUnderTest() {
            @Override
            public CompletableFuture<Void> send(String record) {
                TextEntry e = new TextEntry(record, engine.ticker().read());
                return engine.send(e, e.future());
            }

            @Override
            public CompletableFuture<Void> flush() {
                return engine.flush();
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }

    @Override
    protected void fault(Fault fault) {
        service.fault(fault);
    }

    @Override
    protected int calls() {
        return service.calls.get();
    }

    @Override
    protected List<String> delivered() {
        return service.delivered;
    }

    @Override
    protected List<String> givenUp() {
        return service.givenUp;
    }

    @Override
    protected String metricComponent() {
        return "mem";
    }

    @Override
    protected String metricNoun() {
        return "records";
    }

    @Override
    protected String sinkTag() {
        return "mem";
    }

    /** One text record. */
    static final class TextEntry extends SingleEntry {
        final String text;

        TextEntry(String text, long arrivalNanos) {
            super(arrivalNanos);
            this.text = text;
        }

        @Override
        public int bytes() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** The sink's exceptions. */
    enum TestErrors implements DeliveryEngine.Errors {
        INSTANCE;

        @Override
        public Throwable rejected(String code, String reason) {
            return new LogpipeException("rejected: " + code + ": " + reason, null,
                    DeliveryEngine.BUFFER_FULL.equals(code));
        }

        @Override
        public Throwable givenUp(Failure failure, int attempts, String why) {
            return new LogpipeException("given up after " + attempts + ": " + failure.errorCode() + " (" + why + ")",
                    failure.cause(), failure.retryable());
        }
    }

    /** A service in memory, with the kit's faults. */
    static final class InMemoryService implements BatchStrategy<TextEntry> {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> givenUp = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<BatchResult>> hanging = new CopyOnWriteArrayList<>();
        private volatile Fault fault = Fault.NONE;

        void fault(Fault f) {
            fault = f;
            if (f == Fault.NONE) {
                hanging.forEach(h -> h.complete(BatchResult.failed(
                        new Failure(Failure.Kind.FATAL, "Gone", "test over", null))));
            }
        }

        @Override
        public CompletableFuture<BatchResult> submit(List<TextEntry> batch) {
            calls.incrementAndGet();
            switch (fault) {
                case RETRYABLE_ONCE:
                    fault = Fault.NONE;
                    return CompletableFuture.completedFuture(BatchResult.failed(
                            new Failure(Failure.Kind.RETRYABLE, "InternalFailure", "try again", 500, null, null)));
                case THROTTLED_ONCE: {
                    fault = Fault.NONE;
                    List<Failure> each = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        each.add(new Failure(Failure.Kind.THROTTLED, "Throttled", "slow down", 429, null, null));
                    }
                    return CompletableFuture.completedFuture(BatchResult.perEntry(each));
                }
                case FATAL:
                    return CompletableFuture.completedFuture(BatchResult.failed(
                            new Failure(Failure.Kind.FATAL, "AccessDenied", "no", 403, null, null)));
                case HANG: {
                    CompletableFuture<BatchResult> f = new CompletableFuture<>();
                    hanging.add(f);
                    return f;
                }
                default:
                    for (TextEntry e : batch) {
                        delivered.add(e.text);
                    }
                    return CompletableFuture.completedFuture(BatchResult.delivered());
            }
        }

        @Override
        public void onGivenUp(List<TextEntry> entries, List<Failure> failures) {
            for (TextEntry e : entries) {
                givenUp.add(e.text);
            }
        }
    }
}
