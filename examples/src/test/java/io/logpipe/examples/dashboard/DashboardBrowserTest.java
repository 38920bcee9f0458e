package io.logpipe.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.local.opensearch.junit.OpenSearchExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real, headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against a real OpenSearch holding known rows in the tutorial's shape.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class DashboardBrowserTest {

    @RegisterExtension
    static final OpenSearchExtension OPENSEARCH = OpenSearchExtension.create();

    private static final String CHROMIUM = System.getProperty("logpipe.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("logpipe.chromedriver", "/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARGET = Paths.get("target");

    /** The first minute of the known rows, six minutes ago: every range holds them for the next nine minutes. */
    private static final Instant M0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(6));

    private static ChromeDriver driver;
    private static Path profile;
    private static DashboardServer server;
    private static PrometheusMeterRegistry registry;
    private static final AtomicReference<PipelineSnapshot> SNAPSHOT = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        OpenSearchServer os = OPENSEARCH.server();
        bulk(os, "request_data",
                doc(M0, 200, 50), doc(M0, 404, 3),
                doc(M0.plusSeconds(60), 200, 40), doc(M0.plusSeconds(60), 200, 2), doc(M0.plusSeconds(60), 500, 1),
                doc(M0.plusSeconds(120), 200, 45), doc(M0.plusSeconds(120), 404, 5));
        SNAPSHOT.set(new PipelineSnapshot(Instant.now(), List.of(
                new StageStatus("generator", "lines written", 12_000, 200.0),
                new StageStatus("opensearch", "documents <b>indexed</b>", 146, 0.5)),
                "written 12000 = in s3 11800 (+200 buffered)", Duration.ofSeconds(75)));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = DashboardServer.builder()
                .opensearch(os.url())
                .index("request_data")
                .port(0)
                .refreshInterval(Duration.ofMillis(500))
                .pipelineStatus(SNAPSHOT::get)
                .meterRegistry(registry)
                .build()
                .start();
        driver = chromium();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    private static ChromeDriver chromium() throws IOException {
        if (!Files.isExecutable(Paths.get(CHROMIUM)) || !Files.isExecutable(Paths.get(CHROMEDRIVER))) {
            throw new IllegalStateException("the browser test needs Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install chromium chromium-driver (.ci/run does it), or set "
                    + "-Dlogpipe.chromium and -Dlogpipe.chromedriver");
        }
        profile = Files.createTempDirectory("logpipe-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-default-apps", "--disable-sync", "--window-size=1280,800",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    // ------------------------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void page_knownRows_legendAndPlottedSumsAndPipelinePanel() throws IOException {
        driver.get(server.url().toString());
        waitFor("data", server);
        assertThat(legend()).containsExactly("200", "404", "500");
        long m0 = M0.getEpochSecond();
        assertThat(valueAt("200", m0)).isEqualTo(50);
        assertThat(valueAt("200", m0 + 60)).as("two documents in one minute are summed").isEqualTo(42);
        assertThat(valueAt("200", m0 + 120)).isEqualTo(45);
        assertThat(valueAt("404", m0)).isEqualTo(3);
        assertThat(valueAt("404", m0 + 60)).as("a minute without 404 is plotted as 0").isZero();
        assertThat(valueAt("500", m0 + 60)).isEqualTo(1);
        assertThat(js("return window.logpipeDashboard.plot.data[0].length")).as("one point per minute of the hour")
                .isEqualTo(60L);
        assertThat(driver.findElement(By.id("message")).isDisplayed()).isFalse();
        assertThat(legendValue("200")).as("without hovering: the total of the range").isEqualTo("total 137");
        assertThat(legendValue("404")).isEqualTo("total 8");

        // the pipeline panel, with the label's markup shown as text
        WebElement panel = driver.findElement(By.id("pipeline"));
        waitUntil(() -> !driver.findElements(By.cssSelector("#stages tr[data-stage='opensearch']")).isEmpty());
        assertThat(panel.isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("#stages tr[data-stage='generator'] .count")).getText())
                .isEqualTo("12,000");
        assertThat(driver.findElement(By.cssSelector("#stages tr[data-stage='opensearch'] .label")).getText())
                .isEqualTo("documents <b>indexed</b>");
        assertThat(driver.findElements(By.cssSelector("#stages b"))).isEmpty();
        assertThat(driver.findElement(By.id("reconciliation")).getText())
                .isEqualTo("written 12000 = in s3 11800 (+200 buffered)");
        assertThat(driver.findElement(By.id("first-aggregate")).getText()).isEqualTo("1 min 15 s");

        screenshot("dashboard.png");
    }

    @Test
    @Order(2)
    void chart_hoverOverAMinute_legendShowsItsValues() {
        long t = M0.getEpochSecond() + 60;
        WebElement over = driver.findElement(By.cssSelector("#chart .u-over"));
        long x = (Long) js("var u = window.logpipeDashboard.plot; return Math.round(u.valToPos(arguments[0], 'x'));", t);
        Actions move = new Actions(driver);
        move.moveToElement(over, (int) (x - over.getSize().getWidth() / 2), 0).perform();
        waitUntil(() -> "42".equals(legendValue("200")));
        assertThat(legendValue("404")).isEqualTo("0");
        assertThat(legendValue("500")).isEqualTo("1");
        move.moveToElement(driver.findElement(By.tagName("h1"))).perform();
        waitUntil(() -> "total 137".equals(legendValue("200")));
    }

    @Test
    @Order(3)
    void page_newDocumentsIndexed_updatesWithoutReload() {
        js("window.__notReloaded = true;");
        long before = (Long) js("return window.logpipeDashboard.updates");
        bulk(OPENSEARCH.server(), "request_data", doc(M0.plusSeconds(180), 503, 7), doc(M0.plusSeconds(120), 404, 1));
        waitUntil(() -> legend().contains("503"));
        long m0 = M0.getEpochSecond();
        waitUntil(() -> valueAt("404", m0 + 120) == 6);
        assertThat(valueAt("503", m0 + 180)).isEqualTo(7);
        assertThat(legend()).containsExactly("200", "404", "500", "503");
        assertThat(js("return window.__notReloaded === true")).isEqualTo(true);
        assertThat((Long) js("return window.logpipeDashboard.updates")).isGreaterThan(before);
    }

    @Test
    @Order(4)
    void rangeButtons_pickFifteenMinutesAndAll_rechartWithoutReload() {
        driver.findElement(By.cssSelector("#ranges button[data-range='15m']")).click();
        waitUntil(() -> Long.valueOf(15).equals(js("return window.logpipeDashboard.plot && window.logpipeDashboard.plot.data[0].length")));
        assertThat(valueAt("200", M0.getEpochSecond() + 60)).isEqualTo(42);
        assertThat(driver.getCurrentUrl()).endsWith("?range=15m");
        driver.findElement(By.cssSelector("#ranges button[data-range='all']")).click();
        waitUntil(() -> "all".equals(js("return window.logpipeDashboard.data && window.logpipeDashboard.data.range")));
        waitFor("data", server);
        assertThat(js("return window.logpipeDashboard.plot.data[0].length")).as("first to last minute of the index")
                .isEqualTo(4L);
        assertThat(valueAt("503", M0.getEpochSecond() + 180)).isEqualTo(7);
    }

    @Test
    @Order(5)
    void page_emptyIndex_saysWhenTheFirstWindowCloses() throws IOException {
        try (DashboardServer empty = DashboardServer.builder().opensearch(OPENSEARCH.server().url())
                .index("nothing_here").port(0).refreshInterval(Duration.ofMillis(500)).build().start()) {
            driver.get(empty.url().toString());
            waitFor("empty", empty);
            WebElement message = driver.findElement(By.id("message"));
            assertThat(message.isDisplayed()).isTrue();
            assertThat(message.getText()).matches("no documents in nothing_here yet: the first window closes at "
                    + "\\d\\d:\\d\\d, then the aggregated stream delivers it; this page updates by itself\\.");
            assertThat(driver.findElements(By.cssSelector("#chart .u-over"))).isEmpty();
            assertThat(driver.findElement(By.id("pipeline")).isDisplayed()).as("no panel without a supplier").isFalse();
            screenshot("dashboard-empty.png");
            leave();
        }
    }

    @Test
    @Order(6)
    void page_openSearchDown_saysItDoesNotAnswer() throws IOException {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (DashboardServer down = DashboardServer.builder().opensearch(URI.create("http://127.0.0.1:" + dead))
                .port(0).refreshInterval(Duration.ofMillis(500)).build().start()) {
            driver.get(down.url().toString());
            waitFor("error", down);
            assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("OpenSearch at http://127.0.0.1:" + dead
                    + " does not answer (connection refused): start it (./logpipe local opensearch) or pass the right "
                    + "--opensearch URL");
            leave();
        }
    }

    @Test
    @Order(7)
    void page_statusFromTheDataIsMarkup_shownAsText() {
        // a pipeline that wrote STATUS as a string: dynamic mapping makes it text + keyword
        bulk(OPENSEARCH.server(), "request_data_text",
                "{\"DATETIME\":\"" + M0 + "\",\"STATUS\":\"<img src=x onerror=window.__pwned=1>\",\"STATUSCOUNT\":4}",
                "{\"DATETIME\":\"" + M0 + "\",\"STATUS\":\"200\",\"STATUSCOUNT\":9}");
        try (DashboardServer text = DashboardServer.builder().opensearch(OPENSEARCH.server().url())
                .index("request_data_text").port(0).refreshInterval(Duration.ofMillis(500)).build().start()) {
            driver.get(text.url().toString());
            waitFor("data", text);
            assertThat(legend()).containsExactly("200", "<img src=x onerror=window.__pwned=1>");
            assertThat(valueAt("<img src=x onerror=window.__pwned=1>", M0.getEpochSecond())).isEqualTo(4);
            assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();
            assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
            leave();
        }
    }

    @Test
    @Order(8)
    void everyRequest_wentTo127001_andTheConsoleHasNoErrors() {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = parse(e.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        // chrome:// and data: are the browser's own resources; everything that goes over a network must stay here
        List<String> network = urls.stream().filter(u -> u.matches("(?i)(https?|wss?|ftp):.*")).toList();
        assertThat(network).as("network requests the browser made").isNotEmpty()
                .anyMatch(u -> u.endsWith("/assets/uPlot.iife.min.js"))
                .anyMatch(u -> u.contains("/api/series?range=1h"))
                .allMatch(u -> u.startsWith("http://127.0.0.1:"));
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // the dead-OpenSearch test's 502 answers are expected; anything else (CSP, script errors) is not
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("502")) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    @Order(9)
    void metricsEndpoint_servesPrometheusTextWithTheDashboardsMeters() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.url().resolve("metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(DashboardServer.PROMETHEUS_TEXT);
        assertThat(r.body()).contains("logpipe_dashboard_queries_seconds_count{outcome=\"data\"}")
                .contains("logpipe_dashboard_requests_total{endpoint=\"page\"}");
        double data = registry.get(DashboardMetricNames.QUERIES).tag(DashboardMetricNames.OUTCOME, "data").timer().count();
        assertThat(data).isPositive();
    }

    @Test
    @Order(10)
    void seriesApi_realOpenSearch_compactJsonAndEmptyRange() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.url().resolve("api/series?range=15m")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode d = parse(r.body());
        assertThat(d.path("state").asText()).isEqualTo("data");
        assertThat(d.path("step").asLong()).isEqualTo(60);
        assertThat(d.path("buckets").asInt()).isEqualTo(15);
        assertThat(d.path("total").asLong()).isEqualTo(50 + 3 + 42 + 1 + 45 + 5 + 7 + 1);
        int i = (int) ((M0.getEpochSecond() + 60 - d.path("start").asLong()) / 60);
        assertThat(d.path("series").path(0).path("status").asText()).isEqualTo("200");
        assertThat(d.path("series").path(0).path("sums").path(i).asLong()).isEqualTo(42);

        // documents three hours old: the last hour is empty, and the answer says where the newest one is
        Instant old = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        bulk(OPENSEARCH.server(), "request_data_old", doc(old, 200, 5));
        try (DashboardServer s = DashboardServer.builder().opensearch(OPENSEARCH.server().url())
                .index("request_data_old").port(0).build().start()) {
            JsonNode e = parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.url().resolve("api/series")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(e.path("state").asText()).isEqualTo("empty");
            assertThat(e.path("newest").asLong()).isEqualTo(old.toEpochMilli());
            assertThat(e.path("rangeText").asText()).isEqualTo("the last hour");
        }

        // DATETIME that dynamic mapping could not take for a date: OpenSearch's own error, passed on with a hint
        bulk(OPENSEARCH.server(), "request_data_bad", "{\"DATETIME\":\"yesterday\",\"STATUS\":200,\"STATUSCOUNT\":1}");
        try (DashboardServer s = DashboardServer.builder().opensearch(OPENSEARCH.server().url())
                .index("request_data_bad").port(0).build().start()) {
            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.url().resolve("api/series"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(502);
            assertThat(parse(bad.body()).path("message").asText())
                    .startsWith("OpenSearch at " + OPENSEARCH.server().url() + " answered 400 to the chart's query on request_data_bad: ")
                    .contains("DATETIME")
                    .endsWith("(the chart needs DATETIME mapped as a date and STATUSCOUNT as a number: create the index "
                            + "with the request_data template before the first document arrives)");
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    private static String doc(Instant minute, int status, long count) {
        return "{\"DATETIME\":\"" + minute + "\",\"STATUS\":" + status + ",\"STATUSCOUNT\":" + count + "}";
    }

    private static void bulk(OpenSearchServer os, String index, String... docs) {
        StringBuilder body = new StringBuilder();
        for (String d : docs) {
            body.append("{\"index\":{\"_index\":\"").append(index).append("\"}}\n").append(d).append('\n');
        }
        HttpResponse<String> r = os.request("POST", "/_bulk?refresh=true", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).as(r.body()).contains("\"errors\":false");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void waitFor(String status, DashboardServer s) {
        waitUntil(() -> status.equals(js("return window.logpipeDashboard && window.logpipeDashboard.status"))
                && driver.getCurrentUrl().startsWith(s.url().toString()));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .withMessage(() -> "page state: " + js("return window.logpipeDashboard && "
                        + "[window.logpipeDashboard.status, window.logpipeDashboard.message].join(': ')"))
                .until(d -> condition.getAsBoolean());
    }

    private static long valueAt(String status, long epochSeconds) {
        Object v = js("return window.logpipeDashboard.valueAt(arguments[0], arguments[1]);", status, epochSeconds);
        assertThat(v).as("plotted value of %s at %s", status, epochSeconds).isNotNull();
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> legend() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#chart .u-legend .u-series'))"
                + ".slice(1).map(function (e) { return e.querySelector('.u-label').textContent; });");
    }

    private static String legendValue(String status) {
        return (String) js("var s = arguments[0];"
                + "var rows = Array.from(document.querySelectorAll('#chart .u-legend .u-series')).slice(1);"
                + "var r = rows.find(function (e) { return e.querySelector('.u-label').textContent === s; });"
                + "return r ? r.querySelector('.u-value').textContent : null;", status);
    }

    /** Leaves the page before its server closes, so the page's next poll does not fail. */
    private static void leave() {
        driver.get("about:blank");
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(TARGET);
        File png = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
