package io.logpipe.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceIndexRotationPeriod;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceS3BackupMode;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.DeleteDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeleteDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DescribeDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DescribeDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.FailureDescription;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsRequest;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

final class DeliveryStreamsTest {

    /** A fake control plane: streams go CREATING, then ACTIVE after {@code describesUntilActive} describes. */
    static final class FakeControlPlane implements FirehoseAsyncClient {
        final Map<String, List<DeliveryStreamStatus>> states = new TreeMap<>();
        final List<CreateDeliveryStreamRequest> created = new ArrayList<>();
        int describesUntilActive = 2;
        DeliveryStreamStatus finalStatus = DeliveryStreamStatus.ACTIVE;

        @Override
        public CompletableFuture<CreateDeliveryStreamResponse> createDeliveryStream(CreateDeliveryStreamRequest r) {
            created.add(r);
            List<DeliveryStreamStatus> s = new ArrayList<>();
            for (int i = 0; i < describesUntilActive; i++) {
                s.add(DeliveryStreamStatus.CREATING);
            }
            s.add(finalStatus);
            states.put(r.deliveryStreamName(), s);
            return CompletableFuture.completedFuture(CreateDeliveryStreamResponse.builder()
                    .deliveryStreamARN("arn:aws:firehose:us-east-1:1:deliverystream/" + r.deliveryStreamName()).build());
        }

        @Override
        public CompletableFuture<DescribeDeliveryStreamResponse> describeDeliveryStream(
                Consumer<DescribeDeliveryStreamRequest.Builder> b) {
            String name = DescribeDeliveryStreamRequest.builder().applyMutation(b).build().deliveryStreamName();
            List<DeliveryStreamStatus> s = states.get(name);
            if (s == null) {
                return CompletableFuture.failedFuture(ResourceNotFoundException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
                        .message("not found").build());
            }
            DeliveryStreamStatus now = s.size() > 1 ? s.remove(0) : s.get(0);
            return CompletableFuture.completedFuture(DescribeDeliveryStreamResponse.builder()
                    .deliveryStreamDescription(DeliveryStreamDescription.builder().deliveryStreamName(name)
                            .deliveryStreamStatus(now)
                            .failureDescription(now == DeliveryStreamStatus.CREATING_FAILED
                                    ? FailureDescription.builder().details("role cannot be assumed").build() : null)
                            .build())
                    .build());
        }

        @Override
        public CompletableFuture<DeleteDeliveryStreamResponse> deleteDeliveryStream(
                Consumer<DeleteDeliveryStreamRequest.Builder> b) {
            states.remove(DeleteDeliveryStreamRequest.builder().applyMutation(b).build().deliveryStreamName());
            return CompletableFuture.completedFuture(DeleteDeliveryStreamResponse.builder().build());
        }

        @Override
        public CompletableFuture<ListDeliveryStreamsResponse> listDeliveryStreams(
                Consumer<ListDeliveryStreamsRequest.Builder> b) {
            ListDeliveryStreamsRequest r = ListDeliveryStreamsRequest.builder().applyMutation(b).build();
            List<String> names = new ArrayList<>();
            for (String n : states.keySet()) {
                if (r.exclusiveStartDeliveryStreamName() == null || n.compareTo(r.exclusiveStartDeliveryStreamName()) > 0) {
                    names.add(n);
                }
            }
            // pages of two, to exercise pagination
            boolean more = names.size() > 2;
            return CompletableFuture.completedFuture(ListDeliveryStreamsResponse.builder()
                    .deliveryStreamNames(names.subList(0, Math.min(2, names.size()))).hasMoreDeliveryStreams(more).build());
        }

        @Override
        public String serviceName() {
            return "firehose";
        }

        @Override
        public void close() {}
    }

    private final FakeControlPlane client = new FakeControlPlane();
    private final DeliveryStreams streams = new DeliveryStreams(client, Duration.ofMillis(1));

    @Test
    void s3Stream_tutorialSettings_buildsDirectPutExtendedS3Request() {
        CreateDeliveryStreamRequest r = DeliveryStreams.s3Stream("web-log-ingestion-stream", "arn:aws:s3:::logs",
                "arn:aws:iam::1:role/firehose_delivery_role").prefix("raw/").errorOutputPrefix("errors/")
                .bufferingHints(1, Duration.ofSeconds(60)).compression(CompressionFormat.GZIP).build();
        assertThat(r.deliveryStreamTypeAsString()).isEqualTo("DirectPut");
        var c = r.extendedS3DestinationConfiguration();
        assertThat(c.bucketARN()).isEqualTo("arn:aws:s3:::logs");
        assertThat(c.roleARN()).endsWith("firehose_delivery_role");
        assertThat(c.prefix()).isEqualTo("raw/");
        assertThat(c.errorOutputPrefix()).isEqualTo("errors/");
        assertThat(c.bufferingHints().sizeInMBs()).isEqualTo(1);
        assertThat(c.bufferingHints().intervalInSeconds()).isEqualTo(60);
        assertThat(c.compressionFormat()).isEqualTo(CompressionFormat.GZIP);
    }

    @Test
    void s3Stream_defaults_are5MbAnd300s() {
        var c = DeliveryStreams.s3Stream("s", "arn:aws:s3:::b", "r").build().extendedS3DestinationConfiguration();
        assertThat(c.bufferingHints().sizeInMBs()).isEqualTo(5);
        assertThat(c.bufferingHints().intervalInSeconds()).isEqualTo(300);
        assertThat(c.compressionFormat()).isEqualTo(CompressionFormat.UNCOMPRESSED);
    }

    @Test
    void openSearchStream_tutorialSettings_buildsRequest() {
        CreateDeliveryStreamRequest r = DeliveryStreams.openSearchStream("web-log-aggregated-data",
                "arn:aws:es:us-east-1:1:domain/web-log-summary", "request_data", "arn:aws:iam::1:role/r",
                "arn:aws:s3:::backup").indexRotation(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION)
                .retryDuration(Duration.ofSeconds(300)).s3BackupMode(AmazonopensearchserviceS3BackupMode.FAILED_DOCUMENTS_ONLY)
                .backupPrefix("errors").bufferingHints(5, Duration.ofSeconds(300)).build();
        var d = r.amazonopensearchserviceDestinationConfiguration();
        assertThat(d.domainARN()).endsWith("domain/web-log-summary");
        assertThat(d.clusterEndpoint()).isNull();
        assertThat(d.indexName()).isEqualTo("request_data");
        assertThat(d.indexRotationPeriod()).isEqualTo(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION);
        assertThat(d.retryOptions().durationInSeconds()).isEqualTo(300);
        assertThat(d.s3BackupMode()).isEqualTo(AmazonopensearchserviceS3BackupMode.FAILED_DOCUMENTS_ONLY);
        assertThat(d.s3Configuration().bucketARN()).isEqualTo("arn:aws:s3:::backup");
        assertThat(d.s3Configuration().prefix()).isEqualTo("errors");
        assertThat(d.bufferingHints().sizeInMBs()).isEqualTo(5);
    }

    @Test
    void openSearchStream_defaults_followTheApi() {
        var d = DeliveryStreams.openSearchStream("s", "https://search.example.com", "i", "r", "arn:aws:s3:::b").build()
                .amazonopensearchserviceDestinationConfiguration();
        assertThat(d.clusterEndpoint()).isEqualTo("https://search.example.com");
        assertThat(d.indexRotationPeriod()).isEqualTo(AmazonopensearchserviceIndexRotationPeriod.ONE_DAY);
        assertThat(d.retryOptions().durationInSeconds()).isEqualTo(300);
    }

    @Test
    void builders_outOfRange_throwNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryStreams.s3Stream("s", "b", "r")
                .bufferingHints(129, Duration.ofSeconds(1))).withMessageContaining("1..128");
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryStreams.s3Stream("s", "b", "r")
                .bufferingHints(1, Duration.ofSeconds(901))).withMessageContaining("0..900");
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryStreams.openSearchStream("s", "d", "", "r", "b"))
                .withMessageContaining("indexName");
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryStreams.openSearchStream("s", "d", "i", "r", "b")
                .retryDuration(Duration.ofSeconds(7201))).withMessageContaining("retryDuration");
        assertThatIllegalArgumentException().isThrownBy(() -> new DeliveryStreams(client, Duration.ZERO));
    }

    @Test
    void createAwaitActiveDelete_lifecycle() {
        String arn = streams.create(DeliveryStreams.s3Stream("a", "arn:aws:s3:::b", "r").build());
        assertThat(arn).endsWith("deliverystream/a");
        assertThat(streams.awaitActive("a", Duration.ofSeconds(10)).deliveryStreamStatus())
                .isEqualTo(DeliveryStreamStatus.ACTIVE);
        assertThat(streams.exists("a")).isTrue();
        streams.delete("a");
        streams.awaitDeleted("a", Duration.ofSeconds(10));
        assertThat(streams.exists("a")).isFalse();
        assertThatThrownBy(() -> streams.describe("a")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void awaitActive_creationFailed_throwsWithDetails() {
        client.finalStatus = DeliveryStreamStatus.CREATING_FAILED;
        streams.create(DeliveryStreams.s3Stream("a", "arn:aws:s3:::b", "r").build());
        assertThatThrownBy(() -> streams.awaitActive("a", Duration.ofSeconds(10)))
                .isInstanceOf(FirehoseProvisioningException.class).hasMessageContaining("CREATING_FAILED")
                .hasMessageContaining("role cannot be assumed");
    }

    @Test
    void awaitActive_timeout_throwsRetryable() {
        client.describesUntilActive = Integer.MAX_VALUE / 4;
        client.describesUntilActive = 1000;
        streams.create(DeliveryStreams.s3Stream("a", "arn:aws:s3:::b", "r").build());
        assertThatThrownBy(() -> streams.awaitActive("a", Duration.ofMillis(20)))
                .isInstanceOfSatisfying(FirehoseProvisioningException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("still CREATING");
    }

    @Test
    void list_manyPages_followsPagination() {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            streams.create(DeliveryStreams.s3Stream(n, "arn:aws:s3:::b", "r").build());
        }
        assertThat(streams.list()).containsExactly("a", "b", "c", "d", "e");
    }
}
