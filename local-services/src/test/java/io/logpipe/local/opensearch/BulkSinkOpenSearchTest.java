package io.logpipe.local.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.FailedRecordStore;
import io.logpipe.es.BulkAction;
import io.logpipe.es.BulkSink;
import io.logpipe.es.EsDocument;
import io.logpipe.es.FailedDocument;
import io.logpipe.es.IndexRotation;
import io.logpipe.es.IndexTemplate;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.opensearch.junit.OpenSearchExtension;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationDescription;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceIndexRotationPeriod;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceS3BackupMode;
import software.amazon.awssdk.services.firehose.model.ElasticsearchIndexRotationPeriod;
import software.amazon.awssdk.services.firehose.model.ElasticsearchS3BackupMode;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** es-sink against a real OpenSearch 2.19 (one server for the class). */
final class BulkSinkOpenSearchTest {

    @RegisterExtension
    static final OpenSearchExtension OPENSEARCH = OpenSearchExtension.create();

    private static String accessLogJson(int i) {
        return "{\"host\":\"10.0." + (i % 250) + "." + (i % 7) + "\",\"ident\":null,\"authuser\":null,"
                + "\"datetime\":\"26/Nov/2026:00:" + String.format("%02d", i % 60) + ":00 +0000\","
                + "\"request\":\"GET /item/" + i + " HTTP/1.1\",\"response\":\"" + (i % 10 == 0 ? 404 : 200) + "\","
                + "\"bytes\":\"" + (1000 + i) + "\",\"referer\":null,\"agent\":\"Mozilla/5.0 (X11; Linux x86_64)\"}";
    }

    @Test
    void add_hundredThousandDocuments_allIndexedAndCountedExactly() {
        OpenSearchServer server = OPENSEARCH.server();
        int n = 100_000;
        try (BulkSink sink = BulkSink.builder().endpoint(server.url()).index("access-logs-100k")
                .maxBatchDocuments(2000).maxConcurrentRequests(2).gzip(true).build()) {
            sink.installTemplate(IndexTemplate.accessLog("access-logs-*"));
            for (int i = 0; i < n; i++) {
                sink.add(EsDocument.of(accessLogJson(i)));
            }
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(n);
            assertThat(sink.stats().failed()).isZero();
        }
        assertThat(server.count("access-logs-100k")).isEqualTo(n);
        String mapping = server.request("GET", "/access-logs-100k/_mapping", null).body();
        assertThat(mapping).contains("\"response\":{\"type\":\"integer\"}").contains("dd/MMM/yyyy:HH:mm:ss Z");
    }

    @Test
    void add_documentsTheMappingRejects_backedUpInFirehoseFormatWhileTheRestAreIndexed(@TempDir Path backup)
            throws IOException {
        OpenSearchServer server = OPENSEARCH.server();
        List<String> rejected = new ArrayList<>();
        try (BulkSink sink = BulkSink.builder().endpoint(server.url()).index("request_data")
                .backupStore(FailedRecordStore.directory(backup)).backupPrefix("errors/")
                .backupObjectPrefix("web-log-aggregated-data").maxBatchDocuments(100).build()) {
            sink.installTemplate(IndexTemplate.requestData("request_data*"));
            for (int i = 0; i < 1000; i++) {
                String status = i % 100 == 7 ? "\"not-a-status-" + i + "\"" : Integer.toString(200 + i % 5);
                String json = "{\"DATETIME\":\"2026-11-26T00:" + String.format("%02d", i % 60) + ":00.000\",\"STATUS\":"
                        + status + ",\"STATUSCOUNT\":" + i + "}";
                if (i % 100 == 7) {
                    rejected.add(json);
                }
                sink.add(EsDocument.of(json).withId("doc-" + i));
            }
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(10);
            assertThat(sink.stats().retried()).isZero();
        }
        assertThat(server.count("request_data")).isEqualTo(990);
        List<FailedDocument> failed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(backup)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertThat(backup.relativize(f).toString().replace('\\', '/'))
                        .matches("errors/AmazonOpenSearchService-failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/"
                                + "web-log-aggregated-data-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}");
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    failed.add(FailedDocument.parse(line));
                }
            }
        }
        assertThat(failed).hasSize(10);
        assertThat(failed).allSatisfy(d -> {
            assertThat(d.errorCode()).isEqualTo("400");
            assertThat(d.errorMessage()).contains("mapper_parsing_exception");
            assertThat(d.esIndexName()).isEqualTo("request_data");
            assertThat(d.attemptsMade()).isEqualTo(1);
            assertThat(d.esDocumentId()).startsWith("doc-");
        });
        assertThat(failed).extracting(d -> new String(d.rawDataBytes(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(rejected);
    }

    @Test
    void add_withRotation_writesToFirehoseIndexNames() {
        OpenSearchServer server = OPENSEARCH.server();
        Clock arrival = Clock.fixed(Instant.parse("2016-02-25T13:00:00Z"), ZoneOffset.UTC);
        for (IndexRotation rotation : IndexRotation.values()) {
            try (BulkSink sink = BulkSink.builder().endpoint(server.url()).index("myindex").rotation(rotation)
                    .clock(arrival).linger(Duration.ZERO).build()) {
                sink.add(EsDocument.of("{\"rotation\":\"" + rotation.firehoseName() + "\"}"));
            }
        }
        assertThat(server.count("myindex")).isEqualTo(1);
        assertThat(server.count("myindex-2016-02-25-13")).isEqualTo(1);
        assertThat(server.count("myindex-2016-02-25")).isEqualTo(1);
        assertThat(server.count("myindex-2016-w08")).isEqualTo(1);
        assertThat(server.count("myindex-2016-02")).isEqualTo(1);
    }

    @Test
    void add_createWithDeterministicIdsTwice_indexesOnceAndCountsConflictsAsIndexed() {
        OpenSearchServer server = OPENSEARCH.server();
        try (BulkSink sink = BulkSink.builder().endpoint(server.url()).index("idempotent").action(BulkAction.CREATE)
                .maxBatchDocuments(50).build()) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 200; i++) {
                    sink.add(EsDocument.of("{\"i\":" + i + "}").withId("id-" + i));
                }
                sink.flush().join();
            }
            assertThat(sink.stats().indexed()).isEqualTo(400);
            assertThat(sink.stats().failed()).isZero();
        }
        assertThat(server.count("idempotent")).isEqualTo(200);
    }

    private static FirehoseAsyncClient firehoseClient(URI endpoint) {
        return FirehoseAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private static List<FailedDocument> failedDocuments(Path dir) throws IOException {
        List<FailedDocument> failed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (f.toString().contains("AmazonOpenSearchService-failed") && !f.getFileName().toString().startsWith(".")) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        failed.add(FailedDocument.parse(line));
                    }
                }
            }
        }
        return failed;
    }

    @Test
    void firehoseDestination_tutorialSecondStream_indexesAggregatesAndBacksUpRejected(@TempDir Path dir)
            throws IOException {
        OpenSearchServer server = OPENSEARCH.server();
        server.request("PUT", "/_index_template/logpipe-request-data",
                IndexTemplate.requestData("request_data*").body());
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir)
                .destinationFactory(OpenSearchDestination.builder().domain("web-log-summary", server.url()).build())
                .build().start();
                FirehoseAsyncClient client = firehoseClient(firehose.endpoint())) {
            client.createDeliveryStream(r -> r.deliveryStreamName("web-log-aggregated-data")
                    .amazonopensearchserviceDestinationConfiguration(c -> c
                            .roleARN("arn:aws:iam::000000000000:role/firehose_delivery_role")
                            .domainARN("arn:aws:es:us-east-1:000000000000:domain/web-log-summary")
                            .indexName("request_data_stream")
                            .indexRotationPeriod(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION)
                            .bufferingHints(b -> b.sizeInMBs(1).intervalInSeconds(300))
                            .retryOptions(o -> o.durationInSeconds(300))
                            .s3BackupMode(AmazonopensearchserviceS3BackupMode.FAILED_DOCUMENTS_ONLY)
                            .s3Configuration(s3 -> s3.roleARN("arn:aws:iam::000000000000:role/firehose_delivery_role")
                                    .bucketARN("arn:aws:s3:::web-log-errors").prefix("errors/")))).join();
            List<Record> records = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String status = i % 100 == 42 ? "\"oops\"" : Integer.toString(200 + 100 * (i % 4));
                String json = "{\"DATETIME\":\"2026-11-26T00:" + String.format("%02d", i % 60) + ":00.000\",\"STATUS\":"
                        + status + ",\"STATUSCOUNT\":" + (i + 1) + "}";
                if (i % 100 == 42) {
                    bad.add(json);
                }
                records.add(Record.builder().data(SdkBytes.fromUtf8String(json)).build());
            }
            PutRecordBatchResponse put = client.putRecordBatch(r -> r.deliveryStreamName("web-log-aggregated-data")
                    .records(records)).join();
            assertThat(put.failedPutCount()).isZero();
            assertThat(server.count("request_data_stream")).as("buffered for 300 s or 1 MiB: nothing indexed yet").isZero();
            firehose.flush();
            assertThat(server.count("request_data_stream")).isEqualTo(297);
            List<FailedDocument> failed = failedDocuments(dir.resolve("errors"));
            assertThat(failed).hasSize(3);
            assertThat(failed).allSatisfy(f -> {
                assertThat(f.errorCode()).isEqualTo("400");
                assertThat(f.esIndexName()).isEqualTo("request_data_stream");
                assertThat(f.esDocumentId()).as("FIREHOSE_DEFAULT ids").isNotBlank();
            });
            assertThat(failed).extracting(f -> new String(f.rawDataBytes(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(bad);
            AmazonopensearchserviceDestinationDescription d = client.describeDeliveryStream(r -> r
                    .deliveryStreamName("web-log-aggregated-data")).join().deliveryStreamDescription().destinations()
                    .get(0).amazonopensearchserviceDestinationDescription();
            assertThat(d.indexName()).isEqualTo("request_data_stream");
            assertThat(d.indexRotationPeriod()).isEqualTo(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION);
            assertThat(d.retryOptions().durationInSeconds()).isEqualTo(300);
            assertThat(d.s3DestinationDescription().prefix()).isEqualTo("errors/");
        }
    }

    @Test
    void firehoseDestination_elasticsearchConfigWithRotationAndAllDocuments_indexesAndBacksUpAll(@TempDir Path dir)
            throws IOException {
        OpenSearchServer server = OPENSEARCH.server();
        Clock arrival = Clock.fixed(Instant.parse("2016-02-25T13:00:00Z"), ZoneOffset.UTC);
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir).clock(arrival)
                .destinationFactory(OpenSearchDestination.elasticsearchFactory()).build().start();
                FirehoseAsyncClient client = firehoseClient(firehose.endpoint())) {
            client.createDeliveryStream(r -> r.deliveryStreamName("es-stream")
                    .elasticsearchDestinationConfiguration(c -> c
                            .roleARN("arn:aws:iam::000000000000:role/firehose_delivery_role")
                            .clusterEndpoint(server.url().toString())
                            .indexName("weekly")
                            .indexRotationPeriod(ElasticsearchIndexRotationPeriod.ONE_WEEK)
                            .bufferingHints(b -> b.sizeInMBs(1).intervalInSeconds(0))
                            .s3BackupMode(ElasticsearchS3BackupMode.ALL_DOCUMENTS)
                            .documentIdOptions(o -> o.defaultDocumentIdFormat("NO_DOCUMENT_ID"))
                            .s3Configuration(s3 -> s3.roleARN("arn:aws:iam::000000000000:role/firehose_delivery_role")
                                    .bucketARN("arn:aws:s3:::all")))).join();
            for (int i = 0; i < 5; i++) {
                int n = i;
                client.putRecord(r -> r.deliveryStreamName("es-stream")
                        .record(x -> x.data(SdkBytes.fromUtf8String("{\"n\":" + n + "}")))).join();
            }
            firehose.flush();
            assertThat(server.count("weekly-2016-w08")).isEqualTo(5);
            long rawLines = 0;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    assertThat(dir.relativize(f).toString()).startsWith("2016/02/25/13/es-stream-1-2016-02-25-13-00-00-");
                    rawLines += Files.readAllLines(f).size();
                }
            }
            assertThat(rawLines).isEqualTo(5);
        }
    }
}
