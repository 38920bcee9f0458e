package io.logpipe.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.logpipe.sink.SinkCompatibilityKit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.firehose.model.FirehoseException;

/** FirehoseSink keeps the shared sink contract, against the fake SDK client. */
final class FirehoseSinkCompatibilityTest extends SinkCompatibilityKit {

    private final FakeFirehoseClient client = new FakeFirehoseClient();
    private final List<String> deadLetters = new CopyOnWriteArrayList<>();

    @Override
    protected SinkUnderTest create(Options o) {
        FirehoseSink.Builder b = FirehoseSink.builder().client(client).deliveryStream("compat")
                .maxBatchRecords(o.maxBatchRecords).linger(o.linger).closeTimeout(o.closeTimeout)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).meterRegistry(o.registry)
                .deadLetterHandler(letters -> letters.forEach(l -> deadLetters.add(new String(l.data(), UTF_8))));
        if (o.scheduler != null) {
            b.scheduler(o.scheduler);
        }
        FirehoseSink sink = b.build();
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
            case RETRYABLE_ONCE: {
                AtomicBoolean once = new AtomicBoolean();
                client.answer(r -> once.compareAndSet(false, true)
                        ? CompletableFuture.failedFuture(error("InternalFailure", 500))
                        : FakeFirehoseClient.acceptAll(r));
                break;
            }
            case THROTTLED_ONCE: {
                AtomicBoolean once = new AtomicBoolean();
                client.answer(r -> once.compareAndSet(false, true)
                        ? CompletableFuture.completedFuture(FakeFirehoseClient.partial(r, t -> true))
                        : FakeFirehoseClient.acceptAll(r));
                break;
            }
            case FATAL:
                client.failWith(error("AccessDeniedException", 400));
                break;
            case HANG:
                client.hold();
                break;
            default:
                client.releaseHeld();
                break;
        }
    }

    private static FirehoseException error(String code, int status) {
        return (FirehoseException) FirehoseException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
                .build();
    }

    @Override
    protected int calls() {
        return client.calls.size();
    }

    @Override
    protected List<String> delivered() {
        return client.accepted;
    }

    @Override
    protected List<String> givenUp() {
        return deadLetters;
    }

    @Override
    protected String metricComponent() {
        return FirehoseMetricNames.COMPONENT;
    }

    @Override
    protected String metricNoun() {
        return "records";
    }

    @Override
    protected String sinkTag() {
        return "compat";
    }

}
