package io.logpipe.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's HTTP surface without data: lifecycle, validation, the endpoints that do not need
 * OpenSearch, and the error state against an OpenSearch that does not answer (a closed port). The
 * data paths run against a real OpenSearch in {@link DashboardBrowserTest}.
 */
final class DashboardServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static URI dead;

    @BeforeAll
    static void deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private static DashboardServer.Builder builder() {
        return DashboardServer.builder().opensearch(dead).port(0);
    }

    private static HttpResponse<String> get(DashboardServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_portInUse_throwsNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DashboardServer s = builder().port(taken.getLocalPort()).build()) {
            assertThatThrownBy(s::start).isInstanceOf(DashboardException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is in use (another dashboard, Kibana or "
                            + "OpenSearch Dashboards?): pass another port, or 0 for a free one");
        }
    }

    @Test
    void lifecycle_urlBeforeStartStartTwiceAndAfterClose() {
        DashboardServer s = builder().build();
        assertThatThrownBy(s::url).isInstanceOf(IllegalStateException.class).hasMessageContaining("call start() first");
        assertThat(s.start()).isSameAs(s);
        int port = s.port();
        assertThat(s.start().port()).as("a second start does nothing").isEqualTo(port);
        assertThat(s.url()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/"));
        s.close();
        s.close();
        assertThatThrownBy(s::start).isInstanceOf(DashboardException.class).hasMessageContaining("was closed");
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("nothing listens after close").isInstanceOf(IOException.class);
    }

    @Test
    void builder_badSettings_clearMessages() {
        assertThatThrownBy(() -> DashboardServer.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("opensearch is required");
        assertThatThrownBy(() -> DashboardServer.builder().opensearch(URI.create("ftp://x:21")))
                .hasMessage("opensearch must be an http or https URL such as http://127.0.0.1:9200, was ftp://x:21");
        assertThatThrownBy(() -> DashboardServer.builder().opensearch(URI.create("ftp://user:secret@x")))
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DashboardServer.builder().index("a/b")).hasMessageContaining("index 'a/b' is not an");
        assertThatThrownBy(() -> DashboardServer.builder().port(70_000)).hasMessageContaining("port must be 0..65535");
        assertThatThrownBy(() -> DashboardServer.builder().refreshInterval(Duration.ofMillis(10)))
                .hasMessageContaining("refreshInterval must be 100 ms..10 min");
        assertThatThrownBy(() -> DashboardServer.builder().queryTimeout(Duration.ZERO))
                .hasMessageContaining("queryTimeout must be positive");
        String shown = DashboardServer.builder().opensearch(URI.create("https://admin:pw@search.example:443/base/"))
                .build().toString();
        assertThat(shown).contains("opensearch=https://search.example:443/base").doesNotContain("pw");
    }

    @Test
    void page_servedWithStrictContentSecurityPolicyAndAssetsFromTheJar() throws Exception {
        try (DashboardServer s = builder().build().start()) {
            HttpResponse<String> page = get(s, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'").contains("connect-src 'self'").contains("script-src 'self'"));
            assertThat(page.body()).contains("<script src=\"assets/uPlot.iife.min.js\"></script>")
                    .doesNotContain("http://").doesNotContain("https://");
            HttpResponse<byte[]> uplot = HTTP.send(HttpRequest.newBuilder(s.url().resolve("assets/uPlot.iife.min.js")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/webjars/uplot/"
                    + DashboardServer.uplotVersion() + "/dist/uPlot.iife.min.js")) {
                assertThat(uplot.body()).isEqualTo(in.readAllBytes());
            }
            assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(get(s, "assets/dashboard.js").body()).contains("textContent");
            assertThat(get(s, "assets/uPlot.LICENSE").body()).contains("MIT");
            assertThat(get(s, "assets/../pom.xml").statusCode()).isEqualTo(404);
            assertThat(get(s, "nope").statusCode()).isEqualTo(404);
        }
        assertThat(DashboardServer.uplotVersion()).isEqualTo("1.6.30");
    }

    @Test
    void config_describesTheServer() throws Exception {
        try (DashboardServer s = builder().index("request_data*").refreshInterval(Duration.ofSeconds(2)).build().start()) {
            JsonNode c = JSON.readTree(get(s, "api/config").body());
            assertThat(c.path("index").asText()).isEqualTo("request_data*");
            assertThat(c.path("opensearch").asText()).isEqualTo(dead.toString());
            assertThat(c.path("refreshMs").asLong()).isEqualTo(2000);
            assertThat(c.path("pipeline").asBoolean()).isFalse();
            assertThat(c.path("metrics").asBoolean()).isFalse();
            assertThat(c.path("ranges").findValuesAsText("key")).containsExactly("15m", "1h", "24h", "all");
        }
    }

    @Test
    void series_openSearchDoesNotAnswer_502WithWhatToDo() throws Exception {
        try (DashboardServer s = builder().build().start()) {
            HttpResponse<String> r = get(s, "api/series?range=24h");
            assertThat(r.statusCode()).isEqualTo(502);
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.path("state").asText()).isEqualTo("error");
            assertThat(e.path("range").asText()).isEqualTo("24h");
            assertThat(e.path("message").asText()).isEqualTo("OpenSearch at " + dead + " does not answer (connection "
                    + "refused): start it (./logpipe local opensearch) or pass the right --opensearch URL");
            assertThat(get(s, "api/series?range=all").statusCode()).isEqualTo(502);
        }
    }

    @Test
    void series_badQuery_400NothingSentToOpenSearch() throws Exception {
        try (DashboardServer s = builder().build().start()) {
            HttpResponse<String> r = get(s, "api/series?range=7d");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("message").asText())
                    .isEqualTo("range must be one of 15m, 1h, 24h, all, was '7d'");
            assertThat(get(s, "api/series?index=.kibana").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void requests_otherMethodOrForeignHost_refused() throws Exception {
        try (DashboardServer s = builder().build().start()) {
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(s.url().resolve("api/series"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            // a page on another origin that rebinds its name to 127.0.0.1 sends its own Host
            assertThat(rawGet(s, "evil.example:" + s.port())).startsWith("HTTP/1.1 403");
            assertThat(rawGet(s, "localhost:" + s.port())).startsWith("HTTP/1.1 200");
        }
    }

    private static String rawGet(DashboardServer s, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/config HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pipelineAndMetrics_notConfigured_404SayingWhy() throws Exception {
        try (DashboardServer s = builder().build().start()) {
            HttpResponse<String> p = get(s, "api/pipeline");
            assertThat(p.statusCode()).isEqualTo(404);
            assertThat(p.body()).contains("started on its own");
            HttpResponse<String> m = get(s, "metrics");
            assertThat(m.statusCode()).isEqualTo(404);
            assertThat(m.body()).contains("without a meter registry");
        }
    }

    @Test
    void pipeline_supplierAnswersFailsOrHasNothing() throws Exception {
        PipelineSnapshot snapshot = new PipelineSnapshot(Instant.ofEpochMilli(1234), List.of(
                new StageStatus("agent", "records \"sent\"", 10, 2.5)), "sent 10 = acked 10", null);
        try (DashboardServer s = builder().pipelineStatus(() -> snapshot).build().start()) {
            JsonNode p = JSON.readTree(get(s, "api/pipeline").body());
            assertThat(p.path("takenAt").asLong()).isEqualTo(1234);
            assertThat(p.path("stages").get(0).path("label").asText()).isEqualTo("records \"sent\"");
            assertThat(p.path("stages").get(0).path("count").asLong()).isEqualTo(10);
            assertThat(p.path("stages").get(0).path("perSecond").asDouble()).isEqualTo(2.5);
            assertThat(p.path("reconciliation").asText()).isEqualTo("sent 10 = acked 10");
            assertThat(p.path("timeToFirstAggregateMs").isNull()).isTrue();
            assertThat(JSON.readTree(get(s, "api/config").body()).path("pipeline").asBoolean()).isTrue();
        }
        try (DashboardServer s = builder().pipelineStatus(() -> {
            throw new IllegalStateException("stage not started");
        }).build().start()) {
            HttpResponse<String> r = get(s, "api/pipeline");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("stage not started");
        }
        try (DashboardServer s = builder().pipelineStatus(() -> null).build().start()) {
            assertThat(get(s, "api/pipeline").statusCode()).isEqualTo(503);
        }
    }
}
