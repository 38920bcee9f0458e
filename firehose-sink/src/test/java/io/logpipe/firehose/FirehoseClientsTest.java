package io.logpipe.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;

final class FirehoseClientsTest {

    @Test
    void endpointUri_hostOrUrl() {
        assertThat(FirehoseClients.endpointUri("firehose.us-east-1.amazonaws.com"))
                .isEqualTo(URI.create("https://firehose.us-east-1.amazonaws.com"));
        assertThat(FirehoseClients.endpointUri(" http://127.0.0.1:4573 ")).isEqualTo(URI.create("http://127.0.0.1:4573"));
        assertThatThrownBy(() -> FirehoseClients.endpointUri("http://bad host"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'http://bad host'");
    }

    @Test
    void region_explicitThenEndpointHostThenChainOrFallback() {
        assertThat(FirehoseClients.builder().region(Region.AP_SOUTH_1)
                .endpoint(URI.create("https://firehose.eu-west-1.amazonaws.com")).resolvedRegion())
                .isEqualTo(Region.AP_SOUTH_1);
        assertThat(FirehoseClients.builder().endpoint(URI.create("https://firehose.eu-west-1.amazonaws.com"))
                .resolvedRegion()).isEqualTo(Region.EU_WEST_1);
        assertThat(FirehoseClients.builder().resolvedRegion()).isNotNull();
    }

    @Test
    void credentials_loopbackGetsDummies_othersTheChain() {
        var local = FirehoseClients.builder().endpoint(URI.create("http://127.0.0.1:4573")).resolvedCredentials();
        assertThat(local).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(local.resolveCredentials().accessKeyId()).isEqualTo(FirehoseClients.LOCAL_ACCESS_KEY_ID);
        assertThat(FirehoseClients.builder().endpoint(URI.create("https://firehose.eu-west-1.amazonaws.com"))
                .resolvedCredentials()).isInstanceOf(DefaultCredentialsProvider.class);
        var given = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));
        assertThat(FirehoseClients.builder().endpoint(URI.create("http://localhost:1")).credentialsProvider(given)
                .resolvedCredentials()).isSameAs(given);
    }

    @Test
    void maxConcurrency_belowOne_isRefusedByName() {
        assertThatThrownBy(() -> FirehoseClients.builder().maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    }

    @Test
    void build_sdkRetriesOff_aFailedCallIsSentOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            calls.incrementAndGet();
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"__type\":\"ServiceUnavailableException\",\"message\":\"slow down\"}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try (FirehoseAsyncClient client = FirehoseClients.builder()
                .endpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build()) {
            assertThatThrownBy(() -> client.describeDeliveryStream(b -> b.deliveryStreamName("s")).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(FirehoseException.class);
            assertThat(calls).hasValue(1);
            assertThat(auth.get()).contains("Credential=" + FirehoseClients.LOCAL_ACCESS_KEY_ID + "/");
        } finally {
            server.stop(0);
        }
    }
}
