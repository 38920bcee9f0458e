package io.logpipe.local.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.firehose.DeadLetter;
import io.logpipe.firehose.S3DeadLetterHandler;
import io.logpipe.local.s3.junit.S3ProxyExtension;
import io.logpipe.sink.FirehoseKeyLayout;
import io.logpipe.sink.S3FailedRecordStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** sink-core's S3 failed-record store, and the Firehose dead-letter handler on it, against a real S3 API server. */
class FailedRecordStoresS3ProxyTest {

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.create();

    private static S3Client client(S3ProxyServer server, String secret) {
        return S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), secret)))
                .build();
    }

    @Test
    void put_firehoseKeyLayout_storesTheObjectUnderPrefixAndKey(S3ProxyServer server) {
        try (S3Client s3 = client(server, server.secretKey())) {
            s3.createBucket(b -> b.bucket("failed-docs"));
            S3FailedRecordStore store = S3FailedRecordStore.of(s3, "failed-docs", "errors/");
            String key = FirehoseKeyLayout.key("", FirehoseKeyLayout.OPENSEARCH_FAILED, "web-log-aggregated-data", 1,
                    Instant.parse("2026-12-03T11:22:33Z"), "u1");
            store.put(key, "{\"a\":1}\n".getBytes(UTF_8));

            List<String> keys = s3.listObjectsV2(b -> b.bucket("failed-docs")).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).containsExactly("errors/AmazonOpenSearchService-failed/2026/12/03/11/"
                    + "web-log-aggregated-data-1-2026-12-03-11-22-33-u1");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("failed-docs").key(keys.get(0))).asString(UTF_8))
                    .isEqualTo("{\"a\":1}\n");
        }
    }

    @Test
    void put_wrongSecret_failsWithTheServiceError(S3ProxyServer server) {
        try (S3Client good = client(server, server.secretKey()); S3Client bad = client(server, "not-the-secret")) {
            good.createBucket(b -> b.bucket("guarded"));
            S3FailedRecordStore store = S3FailedRecordStore.of(bad, "guarded");
            assertThatThrownBy(() -> store.put("k", new byte[] {1})).isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
            assertThat(good.listObjectsV2(b -> b.bucket("guarded")).contents()).isEmpty();
        }
    }

    @Test
    void handle_deadLetters_areUploadedAsFirehoseFailedRecordJsonLines(S3ProxyServer server) {
        try (S3Client s3 = client(server, server.secretKey())) {
            s3.createBucket(b -> b.bucket("dead-letters"));
            Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:05Z"), ZoneOffset.UTC);
            Instant t = Instant.parse("2026-12-03T10:00:00Z");
            new S3DeadLetterHandler(s3, "dead-letters", "firehose/", clock).handle(List.of(
                    new DeadLetter("web-log-ingestion-stream", "line\n".getBytes(UTF_8), "AccessDeniedException",
                            "denied", 1, t, t.plusSeconds(5))));

            List<String> keys = s3.listObjectsV2(b -> b.bucket("dead-letters")).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).singleElement().asString()
                    .matches("firehose/2026/12/03/10/web-log-ingestion-stream-1-2026-12-03-10-00-05-[0-9a-f-]{36}");
            String body = s3.getObjectAsBytes(b -> b.bucket("dead-letters").key(keys.get(0))).asString(UTF_8);
            assertThat(body).contains("\"errorCode\":\"AccessDeniedException\"").contains("\"attemptsMade\":1")
                    .contains("\"rawData\":\"bGluZQo=\"").endsWith("\n");
        }
    }
}
