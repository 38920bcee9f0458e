package io.logpipe.es;

import io.logpipe.sink.SinkCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;

/** BulkSink keeps the shared sink contract, against an in-process {@code _bulk} endpoint. */
final class BulkSinkCompatibilityTest extends SinkCompatibilityKit {

    private static final Pattern TEXT = Pattern.compile("\\{\"t\":\"([^\"]*)\"}");

    private final FakeBulkServer server;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> backedUp = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hang = new CountDownLatch(0);

    BulkSinkCompatibilityTest() {
        try {
            server = new FakeBulkServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.otherwise(this::accept);
    }

    @AfterEach
    void stopServer() {
        hang.countDown();
        server.close();
    }

    private FakeBulkServer.Answer accept(FakeBulkServer.Received r) {
        Matcher m = TEXT.matcher(r.body());
        while (m.find()) {
            delivered.add(m.group(1));
        }
        return FakeBulkServer.allItems(r, 201);
    }

    @Override
    protected SinkUnderTest create(Options o) {
        BulkSink sink = BulkSink.builder().endpoint(server.url()).index("compat")
                .maxBatchDocuments(o.maxBatchRecords).linger(o.linger).closeTimeout(o.closeTimeout)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).meterRegistry(o.registry)
                .scheduler(o.scheduler)
                .backupStore((key, content) -> {
                    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                        String raw = new String(Base64.getDecoder().decode(FailedDocument.parse(line).rawData()),
                                StandardCharsets.UTF_8);
                        Matcher m = TEXT.matcher(raw);
                        backedUp.add(m.find() ? m.group(1) : raw);
                    }
                })
                .build();
        return new SinkUnderTest() {
            @Override
            public CompletableFuture<Void> send(String record) {
                return sink.send(EsDocument.of("{\"t\":\"" + record + "\"}"));
            }

            @Override
            public CompletableFuture<Void> flush() {
                return sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    @Override
    protected void fault(Fault fault) {
        switch (fault) {
            case RETRYABLE_ONCE: {
                AtomicBoolean once = new AtomicBoolean();
                server.otherwise(r -> once.compareAndSet(false, true)
                        ? new FakeBulkServer.Answer(503, "{\"error\":\"busy\"}") : accept(r));
                break;
            }
            case THROTTLED_ONCE: {
                AtomicBoolean once = new AtomicBoolean();
                server.otherwise(r -> once.compareAndSet(false, true) ? FakeBulkServer.allItems(r, 429) : accept(r));
                break;
            }
            case FATAL:
                server.otherwise(r -> new FakeBulkServer.Answer(403, "{\"error\":\"forbidden\"}"));
                break;
            case HANG: {
                CountDownLatch latch = new CountDownLatch(1);
                hang = latch;
                server.otherwise(r -> {
                    try {
                        latch.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new FakeBulkServer.Answer(503, "{}");
                });
                break;
            }
            default:
                hang.countDown();
                server.otherwise(this::accept);
                break;
        }
    }

    @Override
    protected int calls() {
        return server.received.size();
    }

    @Override
    protected List<String> delivered() {
        return new ArrayList<>(delivered);
    }

    @Override
    protected List<String> givenUp() {
        return new ArrayList<>(backedUp);
    }

    @Override
    protected String metricComponent() {
        return "es";
    }

    @Override
    protected String metricNoun() {
        return "documents";
    }

    @Override
    protected String sinkTag() {
        return "compat";
    }
}
