package io.logpipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.local.s3.junit.S3ProxyExtension;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ProxyServerTest {

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.create();

    private static S3Client client(S3ProxyServer server, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    @Test
    void theRealSdkStoresListsAndReadsObjects(S3ProxyServer server) {
        try (S3Client s3 = client(server, server.accessKey(), server.secretKey())) {
            s3.createBucket(b -> b.bucket("logpipe-test"));
            s3.putObject(b -> b.bucket("logpipe-test").key("2026/12/03/11/stream-1-a"),
                    RequestBody.fromString("{\"a\":1}\n{\"a\":2}\n"));
            s3.putObject(b -> b.bucket("logpipe-test").key("2026/12/03/11/stream-1-b"), RequestBody.fromString("x"));

            List<String> keys = s3.listObjectsV2(b -> b.bucket("logpipe-test").prefix("2026/12/03/"))
                    .contents().stream().map(S3Object::key).toList();
            String body = s3.getObjectAsBytes(b -> b.bucket("logpipe-test").key("2026/12/03/11/stream-1-a"))
                    .asString(StandardCharsets.UTF_8);

            assertThat(keys).containsExactly("2026/12/03/11/stream-1-a", "2026/12/03/11/stream-1-b");
            assertThat(body).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
            // the filesystem backend keeps one directory per bucket under directory()
            assertThat(server.directory().resolve("logpipe-test")).isDirectory();
        }
    }

    @Test
    void requestsSignedWithOtherCredentialsAreRefused(S3ProxyServer server) {
        try (S3Client s3 = client(server, server.accessKey(), "not-the-secret")) {
            assertThatThrownBy(() -> s3.listBuckets())
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void closeStopsTheProcessAndKeepsAGivenDirectory(@TempDir Path dir) throws Exception {
        URI endpoint;
        try (S3ProxyServer server = S3ProxyServer.builder().directory(dir.resolve("buckets")).build().start()) {
            endpoint = server.endpoint();
            try (S3Client s3 = client(server, server.accessKey(), server.secretKey())) {
                s3.createBucket(b -> b.bucket("kept"));
            }
            assertThat(server.isRunning()).isTrue();
        }
        assertThat(dir.resolve("buckets").resolve("kept")).isDirectory();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(endpoint).GET().build(),
                HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void builderRejectsBadSettingsWithTheReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> S3ProxyServer.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> S3ProxyServer.builder().credentials("a b", "secret-key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> S3ProxyServer.builder().jar(dir.resolve("missing.jar")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.jar");
        assertThatThrownBy(() -> S3ProxyServer.builder().startTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a jar");
        try (S3ProxyServer server = S3ProxyServer.builder().jar(notAJar).build()) {
            assertThatThrownBy(server::start).hasMessageContaining("s3proxy exited with code");
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void endpointBeforeStartIsAnError() {
        try (S3ProxyServer server = S3ProxyServer.builder().build()) {
            assertThatThrownBy(server::endpoint).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not been started");
        }
    }
}
