package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class DashboardCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Logpipe.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void export_default_writesThreeOpenSearchDashboardsObjectsAndTheImportCommand() throws IOException {
        assertThat(run("dashboard", "export")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).path("attributes").path("title").asText()).isEqualTo("request_data*");
        assertThat(json.readTree(lines.get(2)).path("type").asText()).isEqualTo("dashboard");
        assertThat(err.toString()).contains("Import into OpenSearch Dashboards with:")
                .contains("curl -X POST 'http://localhost:5601/api/saved_objects/_import?overwrite=true' -H 'osd-xsrf: true' "
                        + "--form file=@request_data.ndjson")
                .contains("/_dashboards");
    }

    @Test
    void export_kibanaToFile_writesTheFileAndTheKibanaHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/kibana.ndjson");
        assertThat(run("dashboard", "export", "--flavor", "kibana", "--index-pattern", "request_data-*", "-o", file.toString()))
                .isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readAllLines(file)).hasSize(3).first().asString().contains("\"title\":\"request_data-*\"");
        assertThat(err.toString()).contains("Import into Kibana with:").contains("-H 'kbn-xsrf: true' --form file=@" + file)
                .doesNotContain("_dashboards");
    }

    @Test
    void export_badFlavorOrPattern_exitTwoWithOneLine() {
        assertThat(run("dashboard", "export", "--flavor", "grafana")).isEqualTo(2);
        assertThat(err.toString()).contains("logpipe dashboard export: flavor must be opensearch-dashboards or kibana, was 'grafana'");
        assertThat(run("dashboard", "export", "--index-pattern", "A B")).isEqualTo(2);
        assertThat(err.toString()).contains("index pattern 'A B' is not an OpenSearch index name or pattern");
    }

    @Test
    void dashboard_missingOrBadOptions_exitTwo() {
        assertThat(run("dashboard")).isEqualTo(2);
        assertThat(err.toString()).contains("--opensearch URL is required");
        assertThat(run("dashboard", "--opensearch", "http://127.0.0.1:9200", "--index", "Request_Data")).isEqualTo(2);
        assertThat(err.toString()).contains("logpipe dashboard: index 'Request_Data' is not an OpenSearch index name");
        assertThat(run("dashboard", "--opensearch", "127.0.0.1:9200")).isEqualTo(2);
        assertThat(err.toString()).contains("--opensearch must be a URL such as http://127.0.0.1:9200, was '127.0.0.1:9200'");
        assertThat(run("dashboard", "--opensearch", "localhost:9200")).isEqualTo(2);
        assertThat(err.toString()).contains("opensearch must be an http or https URL such as http://127.0.0.1:9200, was localhost:9200");
        assertThat(run("dashboard", "--opensearch", "http://127.0.0.1:9200", "--refresh-seconds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("refreshInterval must be 100 ms..10 min");
    }

    @Test
    void dashboard_portInUse_exitOneNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run("dashboard", "--opensearch", "http://127.0.0.1:9200", "--port", "" + taken.getLocalPort()))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .contains("pass --port with another port, or 0 for a free one");
        }
    }

    @Test
    void dashboard_freePort_servesThePageUntilStopped() throws Exception {
        DashboardCommand command = new DashboardCommand();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        String opensearch = "http://127.0.0.1:" + freePort();
        Thread t = new Thread(() -> code.set(cl.execute("--opensearch", opensearch, "--port", "0", "--index", "request_data*")));
        t.start();
        String url;
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!out.toString().contains("Dashboard at") && t.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Matcher m = Pattern.compile("Dashboard at (http://127\\.0\\.0\\.1:\\d+/) \\(index request_data\\* on "
                    + Pattern.quote(opensearch) + "\\); Ctrl-C stops it\\.").matcher(out.toString());
            assertThat(m.find()).as("output: %s %s", out, err).isTrue();
            url = m.group(1);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Requests per minute by HTTP status");
        } finally {
            command.stop.countDown();
            t.join(10_000);
        }
        assertThat(code.get()).isZero();
        URI stopped = URI.create(url);
        assertThat(catchRefused(stopped)).as("the server is stopped").isTrue();
    }

    private static boolean catchRefused(URI url) throws InterruptedException {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void logpipe_dashboardHelp_isRegistered() {
        assertThat(run("dashboard", "--help")).isZero();
        assertThat(out.toString()).contains("--opensearch").contains("--index").contains("--port").contains("export");
        assertThat(run("dashboard", "export", "--help")).isZero();
        assertThat(out.toString()).contains("--flavor");
    }
}
