package io.logpipe.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The launcher runs a real kinesalite on loopback that answers the Kinesis protocol, and stops it. */
final class KinesaliteServerTest {

    @Test
    void start_answersListStreamsOnLoopback_closeStopsIt() throws Exception {
        KinesaliteServer server = KinesaliteServer.builder().streamTransition(Duration.ZERO).shardLimit(5)
                .startTimeout(Duration.ofSeconds(60)).build();
        assertThat(server.toString()).contains("not started");
        assertThatThrownBy(server::endpoint).hasMessageContaining("not been started");
        try (server) {
            assertThat(server.start()).isSameAs(server.start());
            assertThat(server.isRunning()).isTrue();
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                    .header("X-Amz-Date", "20260101T000000Z")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/kinesis/aws4_request,"
                            + " SignedHeaders=host;x-amz-date, Signature=00")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"StreamNames\":[]");
        }
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::start).hasMessageContaining("closed");
    }

    @Test
    void builder_invalidSettings_namesThem() {
        assertThatThrownBy(() -> KinesaliteServer.builder().startTimeout(Duration.ZERO)).hasMessageContaining("startTimeout");
        assertThatThrownBy(() -> KinesaliteServer.builder().streamTransition(Duration.ofMillis(-1)))
                .hasMessageContaining("streamTransition");
        assertThatThrownBy(() -> KinesaliteServer.builder().shardLimit(0)).hasMessageContaining("shardLimit");
        assertThat(KinesaliteServer.home().toString()).contains("kinesalite");
    }
}
