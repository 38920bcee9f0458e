package io.logpipe.analytics.flink.internal;

import io.logpipe.analytics.flink.AnalyticsException;
import io.logpipe.analytics.flink.FirehoseResultSink;
import io.logpipe.firehose.FirehoseClients;
import io.logpipe.firehose.FirehoseSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * The writer of {@link FirehoseResultSink}: one firehose-sink per parallel task, flushed and awaited on
 * every checkpoint and at the end of input; a record given up fails the task. Called on the task thread
 * only (Flink's contract); deliveries settle on the SDK's threads into {@link PendingDeliveries}.
 */
public final class FirehoseResultWriter implements SinkWriter<String> {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseResultWriter.class);

    private final FirehoseResultSink settings;
    private final FirehoseAsyncClient client;
    private final FirehoseSink sink;
    private final PendingDeliveries pending;

    /**
     * Builds the client and the sink, and checks that the stream exists.
     *
     * @param settings the sink's settings
     * @param metrics the writer's Flink metrics
     * @throws AnalyticsException if Firehose cannot be reached or has no such stream
     */
    public FirehoseResultWriter(FirehoseResultSink settings, SinkWriterMetricGroup metrics) {
        this.settings = settings;
        URI endpoint = settings.effectiveEndpoint();
        String where = "Firehose delivery stream '" + settings.deliveryStream() + "' at "
                + (endpoint == null ? "AWS" : endpoint);
        this.pending = new PendingDeliveries(where, metrics.getNumRecordsSendCounter(),
                metrics.getNumRecordsSendErrorsCounter());
        String region = settings.region();
        this.client = FirehoseClients.builder().endpoint(endpoint).region(region == null ? null : Region.of(region))
                .build();
        try {
            check(where, endpoint);
            this.sink = FirehoseSink.builder()
                    .client(client)
                    .deliveryStream(settings.deliveryStream())
                    .linger(settings.linger())
                    .maxRetryDuration(settings.maxRetryDuration())
                    .build();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Asks for the stream, so a wrong endpoint, region or name fails now and says so. */
    private void check(String where, @Nullable URI endpoint) {
        try {
            client.describeDeliveryStream(r -> r.deliveryStreamName(settings.deliveryStream()))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof ResourceNotFoundException) {
                throw new AnalyticsException(where + " does not exist: create it (on AWS: the tutorial's "
                        + FirehoseResultSink.TUTORIAL_STREAM + "; locally: ./logpipe local firehose --dir DIR --stream "
                        + settings.deliveryStream() + ") or fix --output firehose:NAME", null);
            }
            if (c instanceof FirehoseException fe && fe.statusCode() == 403) {
                // a role allowed PutRecordBatch only: deliveries will tell
                LOG.debug("cannot describe the delivery stream, sending anyway [stream={}, error={}]",
                        settings.deliveryStream(), fe.awsErrorDetails() == null ? "" : fe.awsErrorDetails().errorCode());
                return;
            }
            throw new AnalyticsException("cannot reach " + where + " (" + c.getClass().getSimpleName() + ": "
                    + c.getMessage() + "): " + (endpoint == null
                    ? "check the region and credentials" : "is a Firehose endpoint running there? (./logpipe local "
                    + "firehose; or set --firehose-endpoint / AWS_ENDPOINT_URL_FIREHOSE)"), null);
        } catch (TimeoutException e) {
            throw new AnalyticsException(where + " did not answer DescribeDeliveryStream within 30 s", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("interrupted while checking " + where, e);
        }
    }

    @Override
    public void write(String row, Context context) {
        pending.check();
        pending.track(sink.send((row + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        pending.awaitFlush(sink.flush(), settings.flushTimeout());
    }

    @Override
    public void close() {
        try {
            sink.close();
        } finally {
            client.close();
        }
    }
}
