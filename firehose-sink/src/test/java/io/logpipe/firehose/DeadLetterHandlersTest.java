package io.logpipe.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

final class DeadLetterHandlersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T13:45:07Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static DeadLetter letter(String data) {
        return new DeadLetter("web-log-ingestion-stream", data.getBytes(UTF_8), "ResourceNotFoundException",
                "Firehose x not found.", 1, NOW.minusSeconds(2), NOW);
    }

    @Test
    void directoryHandler_letters_writesFirehoseShapedJsonLinesAtomically() throws Exception {
        DirectoryDeadLetterHandler h = new DirectoryDeadLetterHandler(dir, CLOCK);
        h.handle(List.of(letter("{\"a\":1}\n"), letter("two")));
        h.handle(List.of());
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).singleElement().satisfies(p -> {
            assertThat(dir.relativize(p).toString().replace('\\', '/'))
                    .matches("2026/11/26/13/web-log-ingestion-stream-1-2026-11-26-13-45-07-[0-9a-f-]{36}");
        });
        List<String> lines = Files.readAllLines(files.get(0));
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("attemptsMade").asInt()).isEqualTo(1);
        assertThat(first.get("arrivalTimestamp").asLong()).isEqualTo(NOW.minusSeconds(2).toEpochMilli());
        assertThat(first.get("attemptEndingTimestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(first.get("errorCode").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(first.get("errorMessage").asText()).isEqualTo("Firehose x not found.");
        assertThat(first.get("deliveryStreamName").asText()).isEqualTo("web-log-ingestion-stream");
        assertThat(new String(Base64.getDecoder().decode(first.get("rawData").asText()), UTF_8)).isEqualTo("{\"a\":1}\n");
        assertThat(h.directory()).isEqualTo(dir);
    }

    @Test
    void directoryHandler_unwritableDirectory_throwsUnchecked() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> new DirectoryDeadLetterHandler(file, CLOCK).handle(List.of(letter("a"))))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Cannot write dead letters");
    }

    @Test
    void deadLetter_toString_omitsPayload() {
        DeadLetter l = letter("secret 10.0.0.1");
        assertThat(l.toString()).doesNotContain("secret").contains("ResourceNotFoundException");
        assertThat(l.deliveryStream()).isEqualTo("web-log-ingestion-stream");
        assertThat(l.errorMessage()).isEqualTo("Firehose x not found.");
        assertThat(l.firstAttempt()).isEqualTo(NOW.minusSeconds(2));
        assertThat(l.lastAttempt()).isEqualTo(NOW);
    }

    @Test
    void s3Handler_letters_putsOneObjectUnderPrefix() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            bodies.add(new String(ex.getRequestBody().readAllBytes(), UTF_8));
            ex.getResponseHeaders().set("ETag", "\"e\"");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            new S3DeadLetterHandler(s3, "failed-records", "firehose/", CLOCK).handle(List.of(letter("payload")));
            new S3DeadLetterHandler(s3, "failed-records", "").handle(List.of());
        } finally {
            server.stop(0);
        }
        assertThat(paths).singleElement().satisfies(p -> assertThat(p)
                .matches("PUT /failed-records/firehose/2026/11/26/13/web-log-ingestion-stream-1-2026-11-26-13-45-07-[0-9a-f-]{36}"));
        assertThat(bodies.get(0)).contains("\"rawData\":\"" + Base64.getEncoder().encodeToString("payload".getBytes(UTF_8)));
        assertThatIllegalArgumentException().isThrownBy(() -> new S3DeadLetterHandler(
                S3Client.builder().region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create()).build(), "", ""));
    }
}
