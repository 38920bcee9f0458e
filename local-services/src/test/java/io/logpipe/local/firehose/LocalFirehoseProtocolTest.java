package io.logpipe.local.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.firehose.DeliveryStreams;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

/** The endpoint's wire protocol, driven by the real SDK client (and raw HTTP where the SDK cannot go). */
final class LocalFirehoseProtocolTest {

    @TempDir
    Path dir;

    private LocalFirehose firehose;
    private FirehoseAsyncClient client;

    @BeforeEach
    void start() {
        firehose = LocalFirehose.builder().port(0).directory(dir).threads(4).build().start();
        client = LocalFirehoseTesting.client(firehose.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        firehose.close();
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f) {
        Throwable t = f.handle((v, e) -> e).join();
        return t instanceof CompletionException ? t.getCause() : t;
    }

    private static List<Record> records(int n, int size) {
        List<Record> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(Record.builder().data(SdkBytes.fromByteArray(new byte[size])).build());
        }
        return r;
    }

    private PutRecordBatchResponse put(String stream, List<Record> records) {
        return client.putRecordBatch(b -> b.deliveryStreamName(stream).records(records)).join();
    }

    @Test
    void provisioning_createDescribeListDelete_throughDeliveryStreams() {
        DeliveryStreams streams = new DeliveryStreams(client, Duration.ofMillis(10));
        String arn = streams.create(DeliveryStreams.s3Stream("web-log-ingestion-stream", "arn:aws:s3:::logs",
                "arn:aws:iam::1:role/firehose_delivery_role").prefix("raw/").bufferingHints(1, Duration.ofSeconds(60))
                .compression(CompressionFormat.GZIP).build());
        assertThat(arn).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/web-log-ingestion-stream");
        DeliveryStreamDescription d = streams.awaitActive("web-log-ingestion-stream", Duration.ofSeconds(5));
        assertThat(d.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
        assertThat(d.deliveryStreamARN()).isEqualTo(arn);
        assertThat(d.deliveryStreamTypeAsString()).isEqualTo("DirectPut");
        assertThat(d.createTimestamp()).isNotNull();
        var s3 = d.destinations().get(0).extendedS3DestinationDescription();
        assertThat(s3.bucketARN()).isEqualTo("arn:aws:s3:::logs");
        assertThat(s3.prefix()).isEqualTo("raw/");
        assertThat(s3.bufferingHints().sizeInMBs()).isEqualTo(1);
        assertThat(s3.bufferingHints().intervalInSeconds()).isEqualTo(60);
        assertThat(s3.compressionFormat()).isEqualTo(CompressionFormat.GZIP);
        firehose.createS3Stream("another");
        assertThat(streams.list()).containsExactly("another", "web-log-ingestion-stream");
        assertThat(client.listDeliveryStreams(b -> b.limit(1)).join().hasMoreDeliveryStreams()).isTrue();
        streams.delete("web-log-ingestion-stream");
        streams.awaitDeleted("web-log-ingestion-stream", Duration.ofSeconds(5));
        assertThatThrownBy(() -> streams.describe("web-log-ingestion-stream"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("not found");
        assertThat(firehose.streamNames()).containsExactly("another");
    }

    @Test
    void create_existingName_resourceInUse() {
        firehose.createS3Stream("s");
        assertThat(failure(client.createDeliveryStream(DeliveryStreams.s3Stream("s", "arn:aws:s3:::b", "r").build())))
                .isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void create_destinationWithoutFactory_invalidArgument() {
        Throwable t = failure(client.createDeliveryStream(DeliveryStreams.openSearchStream("os",
                "arn:aws:es:us-east-1:1:domain/d", "request_data", "r", "arn:aws:s3:::b").build()));
        assertThat(t).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("AmazonopensearchserviceDestinationConfiguration");
    }

    @Test
    void create_registeredFactory_isUsed() {
        List<byte[]> got = new ArrayList<>();
        firehose.close();
        firehose = LocalFirehose.builder().port(0).directory(dir).destinationFactory(new DeliveryDestinationFactory() {
            @Override
            public String configurationKey() {
                return "AmazonopensearchserviceDestinationConfiguration";
            }

            @Override
            public DeliveryDestination create(DestinationContext context, com.fasterxml.jackson.databind.JsonNode c) {
                assertThat(context.streamName()).isEqualTo("os");
                assertThat(c.get("IndexName").asText()).isEqualTo("request_data");
                return new DeliveryDestination() {
                    @Override
                    public void deliver(List<byte[]> records) {
                        got.addAll(records);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public com.fasterxml.jackson.databind.node.ObjectNode description() {
                        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                    }

                    @Override
                    public void close() {}
                };
            }
        }).build().start();
        client.close();
        client = LocalFirehoseTesting.client(firehose.endpoint());
        client.createDeliveryStream(DeliveryStreams.openSearchStream("os", "arn:aws:es:us-east-1:1:domain/d",
                "request_data", "r", "arn:aws:s3:::b").build()).join();
        put("os", List.of(Record.builder().data(SdkBytes.fromUtf8String("{\"a\":1}")).build()));
        assertThat(got).extracting(b -> new String(b, UTF_8)).containsExactly("{\"a\":1}");
    }

    @Test
    void create_missingBucketOrBadHints_validationErrors() {
        Throwable t = failure(client.createDeliveryStream(b -> b.deliveryStreamName("s")
                .extendedS3DestinationConfiguration(c -> c.roleARN("r"))));
        assertThat(t).isInstanceOf(FirehoseException.class).hasMessageContaining("BucketARN");
        assertThat(((FirehoseException) t).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        t = failure(client.createDeliveryStream(b -> b.deliveryStreamName("s").extendedS3DestinationConfiguration(
                c -> c.roleARN("r").bucketARN("arn:aws:s3:::b").bufferingHints(h -> h.sizeInMBs(129)))));
        assertThat(t).hasMessageContaining("SizeInMBs");
        t = failure(client.createDeliveryStream(b -> b.deliveryStreamName("s").extendedS3DestinationConfiguration(
                c -> c.roleARN("r").bucketARN("arn:aws:s3:::b").compressionFormat(CompressionFormat.SNAPPY))));
        assertThat(t).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Snappy");
        t = failure(client.createDeliveryStream(b -> b.deliveryStreamName("s").deliveryStreamType("KinesisStreamAsSource")
                .extendedS3DestinationConfiguration(c -> c.roleARN("r").bucketARN("arn:aws:s3:::b"))));
        assertThat(t).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("DirectPut");
        t = failure(client.createDeliveryStream(b -> b.deliveryStreamName("s")));
        assertThat(t).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("destination configuration");
    }

    @Test
    void create_invalidName_validationException() {
        Throwable t = failure(client.createDeliveryStream(DeliveryStreams.s3Stream("bad name!", "arn:aws:s3:::b", "r")
                .build()));
        assertThat(t).isInstanceOf(FirehoseException.class).hasMessageContaining("deliveryStreamName");
        assertThat(((FirehoseException) t).statusCode()).isEqualTo(400);
    }

    @Test
    void putRecordBatch_accepted_answersRecordIdsByIndexAndStores() {
        firehose.createS3Stream("s");
        PutRecordBatchResponse r = put("s", List.of(Record.builder().data(SdkBytes.fromUtf8String("a\n")).build(),
                Record.builder().data(SdkBytes.fromUtf8String("b\n")).build()));
        assertThat(r.failedPutCount()).isZero();
        assertThat(r.encrypted()).isFalse();
        assertThat(r.requestResponses()).hasSize(2).allSatisfy(e -> {
            assertThat(e.recordId()).isNotEmpty();
            assertThat(e.errorCode()).isNull();
        });
        assertThat(r.requestResponses().get(0).recordId()).isNotEqualTo(r.requestResponses().get(1).recordId());
        firehose.flush();
        assertThat(LocalFirehoseTesting.lines(dir)).containsExactly("a", "b");
        assertThat(firehose.stats().recordsAccepted()).isEqualTo(2);
    }

    @Test
    void putRecord_single_stored() {
        firehose.createS3Stream("s");
        var r = client.putRecord(b -> b.deliveryStreamName("s").record(x -> x.data(SdkBytes.fromUtf8String("one\n"))))
                .join();
        assertThat(r.recordId()).isNotEmpty();
        firehose.flush();
        assertThat(LocalFirehoseTesting.lines(dir)).containsExactly("one");
        assertThat(failure(client.putRecord(b -> b.deliveryStreamName("missing")
                .record(x -> x.data(SdkBytes.fromUtf8String("x")))))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void putRecordBatch_limits_validatedLikeAws() {
        firehose.createS3Stream("s");
        Throwable t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(501, 1))));
        assertThat(t).isInstanceOf(FirehoseException.class).hasMessageContaining("less than or equal to 500");
        t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(1, 1_024_001))));
        assertThat(t).hasMessageContaining("records.1.member.data").hasMessageContaining("1024000");
        t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(5, 1_000_000))));
        assertThat(t).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("4194304");
        t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(List.of())));
        assertThat(t).hasMessageContaining("greater than or equal to 1");
        assertThat(put("s", records(1, 1_024_000)).failedPutCount()).isZero();
        assertThat(put("s", records(500, 8000)).failedPutCount()).isZero();
        assertThat(firehose.stats().rejected()).isEqualTo(4);
    }

    @Test
    void putRecordBatch_unknownStream_resourceNotFound() {
        Throwable t = failure(client.putRecordBatch(b -> b.deliveryStreamName("nope").records(records(1, 1))));
        assertThat(t).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Firehose nope under account 000000000000 not found.");
    }

    @Test
    void faults_failRateOne_everyEntryFailsAndNothingIsStored() {
        firehose.createS3Stream("s");
        firehose.faults().failRate(1.0);
        PutRecordBatchResponse r = put("s", records(200, 10));
        assertThat(r.failedPutCount()).isEqualTo(200);
        assertThat(r.requestResponses()).allSatisfy(e -> {
            assertThat(e.errorCode()).isIn("ServiceUnavailableException", "InternalFailure");
            assertThat(e.errorMessage()).isNotEmpty();
            assertThat(e.recordId()).isNull();
        });
        assertThat(r.requestResponses()).extracting(e -> e.errorCode()).contains("ServiceUnavailableException",
                "InternalFailure");
        firehose.flush();
        assertThat(LocalFirehoseTesting.objects(dir)).isEmpty();
        assertThat(firehose.stats().recordsFailed()).isEqualTo(200);
        assertThat(failure(client.putRecord(b -> b.deliveryStreamName("s").record(x -> x.data(SdkBytes.fromUtf8String("x"))))))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void faults_throttle_serviceUnavailable503() {
        firehose.createS3Stream("s");
        firehose.faults().throttleRate(1.0);
        Throwable t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(1, 1))));
        assertThat(t).isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("Slow down.");
        assertThat(((ServiceUnavailableException) t).statusCode()).isEqualTo(503);
        assertThat(firehose.stats().throttled()).isEqualTo(1);
    }

    @Test
    void faults_serverError_internalFailure500() {
        firehose.createS3Stream("s");
        firehose.faults().errorRate(1.0);
        Throwable t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(1, 1))));
        assertThat(t).isInstanceOf(FirehoseException.class);
        assertThat(((FirehoseException) t).statusCode()).isEqualTo(500);
        assertThat(((FirehoseException) t).awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
    }

    @Test
    void faults_reset_clientSeesIoErrorAndNothingIsStored() {
        firehose.createS3Stream("s");
        firehose.faults().resetRate(1.0);
        Throwable t = failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(3, 1))));
        assertThat(t).isInstanceOf(SdkClientException.class);
        assertThat(firehose.stats().resets()).isEqualTo(1);
        assertThat(firehose.stats().recordsAccepted()).isZero();
        firehose.faults().resetRate(0);
        assertThat(put("s", records(1, 1)).failedPutCount()).isZero();
    }

    @Test
    void faults_quota_throttlesBeyondRecordsPerSecond() {
        firehose.createS3Stream("s");
        firehose.faults().quota(new ThroughputQuota(250, 1000, 10_000_000));
        assertThat(put("s", records(200, 10)).failedPutCount()).isZero();
        assertThat(failure(client.putRecordBatch(b -> b.deliveryStreamName("s").records(records(200, 10)))))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(firehose.faults().quota()).isNotNull();
        assertThat(ThroughputQuota.largeRegions().requestsPerSecond()).isEqualTo(2000);
        assertThat(ThroughputQuota.otherRegions().bytesPerSecond()).isEqualTo(1024 * 1024);
        assertThatIllegalArgumentException().isThrownBy(() -> new ThroughputQuota(0, 1, 1));
    }

    @Test
    void faults_latency_delaysButAnswers() {
        firehose.createS3Stream("s");
        firehose.faults().latency(Duration.ofMillis(30));
        assertThat(put("s", records(1, 1)).failedPutCount()).isZero();
        assertThat(firehose.faults().latency()).isEqualTo(Duration.ofMillis(30));
        assertThatIllegalArgumentException().isThrownBy(() -> firehose.faults().failRate(1.5))
                .withMessageContaining("failRate");
        assertThatIllegalArgumentException().isThrownBy(() -> firehose.faults().latency(Duration.ofMillis(-1)));
    }

    @Test
    void rawHttp_unsignedAndMalformedRequests_answeredInAwsShape() throws Exception {
        firehose.createS3Stream("s");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(firehose.endpoint())
                .header("X-Amz-Target", "Firehose_20150804.PutRecordBatch")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"aGk=\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(ok.body()).startsWith("{\"FailedPutCount\":0,");

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(firehose.endpoint())
                .header("X-Amz-Target", "Firehose_20150804.PutRecordBatch")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"__type\":\"SerializationException\"");
        assertThat(bad.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(firehose.endpoint())
                .header("X-Amz-Target", "Firehose_20150804.TagDeliveryStream")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.body()).contains("UnknownOperationException").contains("TagDeliveryStream");

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(firehose.endpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(400);
        assertThat(get.body()).contains("X-Amz-Target");

        HttpResponse<String> noData = http.send(HttpRequest.newBuilder(firehose.endpoint())
                .header("X-Amz-Target", "Firehose_20150804.PutRecordBatch")
                .POST(HttpRequest.BodyPublishers.ofString("{\"DeliveryStreamName\":\"s\",\"Records\":[{\"X\":1}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noData.body()).contains("ValidationException").contains("records.1.member.data");
    }

    @Test
    void lifecycle_startTwiceOrPortBeforeStart_throws() {
        assertThatIllegalStateException().isThrownBy(() -> firehose.start());
        LocalFirehose notStarted = LocalFirehose.builder().directory(dir).build();
        assertThatIllegalStateException().isThrownBy(notStarted::port);
        notStarted.close();
        assertThatIllegalStateException().isThrownBy(() -> LocalFirehose.builder().build())
                .withMessageContaining("directory");
        assertThatIllegalArgumentException().isThrownBy(() -> LocalFirehose.builder().port(70000));
        assertThatIllegalArgumentException().isThrownBy(() -> LocalFirehose.builder().threads(0));
        assertThat(firehose.directory()).isEqualTo(dir);
        assertThatThrownBy(() -> firehose.deleteStream("nope")).isInstanceOf(LocalFirehoseException.class)
                .hasMessageContaining("not found");
    }
}
