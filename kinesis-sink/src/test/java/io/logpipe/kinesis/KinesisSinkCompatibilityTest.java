package io.logpipe.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.logpipe.sink.SinkCompatibilityKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KinesisSink keeps the shared sink contract, delivering to a real Kinesis-compatible server
 * (kinesalite); the faults are put in front of the real client, and FATAL is the server's own answer
 * for a stream that does not exist.
 */
final class KinesisSinkCompatibilityTest extends SinkCompatibilityKit {

    private static final AtomicInteger STREAMS = new AtomicInteger();
    private static final Pattern RAW_DATA = Pattern.compile("\"rawData\":\"([^\"]*)\"");

    private final FaultyKinesisClient client = new FaultyKinesisClient(Kinesalite.client());
    private final String stream = "compat-" + STREAMS.incrementAndGet();
    private final List<String> failedObjects = new CopyOnWriteArrayList<>();
    private volatile String target = stream;

    @Override
    protected SinkUnderTest create(Options o) {
        try {
            Kinesalite.createStream(stream, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        KinesisSink.Builder b = KinesisSink.builder().client(client).stream(stream)
                .maxBatchRecords(o.maxBatchRecords).linger(o.linger).closeTimeout(o.closeTimeout)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).meterRegistry(o.registry)
                .failedRecordStore((key, content) -> failedObjects.add(new String(content, UTF_8)));
        if (o.scheduler != null) {
            b.scheduler(o.scheduler);
        }
        KinesisSink sink = b.build();
        return new SinkUnderTest() {
            @Override
            public CompletableFuture<Void> send(String record) {
                return sink.send(record.getBytes(UTF_8));
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
            case RETRYABLE_ONCE:
                client.failOnce(FaultyKinesisClient.error("InternalFailure", 500));
                break;
            case THROTTLED_ONCE:
                client.refuseEntriesOnce("ProvisionedThroughputExceededException");
                break;
            case FATAL:
                // the server's own answer: the request names a stream that does not exist
                target = "missing-" + stream;
                client.answer(r -> Kinesalite.client().putRecords(r.toBuilder().streamName(target).build()));
                break;
            case HANG:
                client.hold();
                break;
            default:
                client.pass();
                break;
        }
    }

    @Override
    protected int calls() {
        return client.calls.get();
    }

    @Override
    protected List<String> delivered() {
        return Kinesalite.texts(stream);
    }

    @Override
    protected List<String> givenUp() {
        List<String> out = new ArrayList<>();
        for (String object : failedObjects) {
            Matcher m = RAW_DATA.matcher(object);
            while (m.find()) {
                out.add(new String(Base64.getDecoder().decode(m.group(1)), UTF_8));
            }
        }
        return out;
    }

    @Override
    protected String metricComponent() {
        return KinesisMetricNames.COMPONENT;
    }

    @Override
    protected String metricNoun() {
        return "records";
    }

    @Override
    protected String sinkTag() {
        return stream;
    }
}
