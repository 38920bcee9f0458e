package io.logpipe.local.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.flink.junit.FlinkClusterExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

final class LocalFlinkClusterTest {

    @RegisterExtension
    static final FlinkClusterExtension FLINK = FlinkClusterExtension.create(b -> b.slotsPerTaskManager(2));

    @TempDir
    Path dir;

    private static JsonNode get(URI url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void start_oneTaskManager_reportsItsSlotsOnLoopback(LocalFlinkCluster cluster) throws Exception {
        JsonNode overview = get(cluster.restUrl().resolve("/overview"));

        assertThat(cluster.restUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
        assertThat(overview.path("flink-version").asText()).isEqualTo(LocalFlinkCluster.VERSION);
        JsonNode config = get(cluster.restUrl().resolve("/jobmanager/config"));
        assertThat(config.toString()).contains("\"rest.bind-address\"").contains(cluster.checkpointDirectory()
                .toUri().toString());
        assertThat(Files.readString(cluster.logDirectory().resolve("taskmanager-0.log")))
                .contains("taskmanager.memory.task.heap.size");
    }

    @Test
    void killTaskManager_sigkill_jobManagerSeesItGoneAndANewOneJoins() throws Exception {
        LocalFlinkCluster cluster = FLINK.cluster();
        int second = cluster.startTaskManager();
        cluster.awaitTaskManagers(2, Duration.ofMinutes(1));
        List<Long> pids = cluster.pids();
        assertThat(pids).hasSize(3);

        cluster.killTaskManager(second);

        assertThat(ProcessHandle.of(pids.get(2)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(cluster.runningTaskManagers()).isEqualTo(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int seen = 2;
        while (System.nanoTime() < deadline && seen != 1) {
            seen = get(cluster.restUrl().resolve("/overview")).path("taskmanagers").asInt();
            Thread.sleep(200);
        }
        assertThat(seen).isEqualTo(1);
        assertThatThrownBy(() -> cluster.killTaskManager(7)).hasMessageContaining("no TaskManager 7");
    }

    @Test
    void close_stopsEveryProcessAndDeletesTheWorkDirectory() {
        LocalFlinkCluster cluster = LocalFlinkCluster.builder().taskManagers(0).build().start();
        cluster.startTaskManager();
        List<Long> pids = cluster.pids();
        Path dir = cluster.logDirectory().getParent();

        cluster.close();

        assertThat(pids).hasSize(2);
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).isFalse());
        assertThat(dir).doesNotExist();
        assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void javaBinary_thisJvmOrAFlinkSupportedOneBesideIt_isExecutable() {
        Path java = Path.of(LocalFlinkCluster.javaBinary());

        assertThat(java).isExecutable();
        if (Runtime.version().feature() <= 21) {
            assertThat(java).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
        }
    }

    @Test
    void builder_badValues_nameTheSetting() {
        assertThatThrownBy(() -> LocalFlinkCluster.builder().taskManagers(-1)).hasMessageContaining("taskManagers");
        assertThatThrownBy(() -> LocalFlinkCluster.builder().slotsPerTaskManager(0)).hasMessageContaining("slots");
        assertThatThrownBy(() -> LocalFlinkCluster.builder().restPort(70000)).hasMessageContaining("restPort");
        assertThatThrownBy(() -> LocalFlinkCluster.builder().startTimeout(Duration.ZERO))
                .hasMessageContaining("startTimeout");
        assertThatThrownBy(() -> LocalFlinkCluster.builder().classpath(List.of(Path.of("missing.jar"))))
                .hasMessageContaining("missing.jar");
    }

    @Test
    void version_runningJobManager_reportsFlinkVersion(LocalFlinkCluster cluster) {
        FlinkRestClient rest = new FlinkRestClient(URI.create(cluster.restUrl() + "/"));

        assertThat(rest.version()).isEqualTo(LocalFlinkCluster.VERSION);
        assertThat(rest.base()).isEqualTo(cluster.restUrl());
    }

    @Test
    void run_jarWithoutTheEntryClass_failsWithTheClustersAnswer(LocalFlinkCluster cluster) throws Exception {
        Path jar = dir.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.flush();
        }
        FlinkRestClient rest = new FlinkRestClient(cluster.restUrl());

        String id = rest.upload(jar);
        assertThat(id).endsWith("_empty.jar");
        assertThatThrownBy(() -> rest.run(id, "com.example.Missing", List.of("--x", "1"), 2))
                .isInstanceOfSatisfying(FlinkRestClient.Failure.class, f -> assertThat(f.unreachable()).isFalse())
                .hasMessageContaining("refused to run the job jar (HTTP");
        rest.deleteJar(id);
        assertThatThrownBy(() -> rest.state("00000000000000000000000000000000"))
                .hasMessageContaining("refused to read the job's state (HTTP 404");
        assertThatThrownBy(() -> rest.upload(dir.resolve("missing.jar")))
                .hasMessageContaining("cannot read the job jar");
    }

    @Test
    void version_nothingListening_isUnreachableWithHowToStartOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        FlinkRestClient rest = new FlinkRestClient(URI.create("http://127.0.0.1:" + port));

        assertThatThrownBy(rest::version)
                .isInstanceOfSatisfying(FlinkRestClient.Failure.class, f -> assertThat(f.unreachable()).isTrue())
                .hasMessageContaining("no Flink JobManager answers at http://127.0.0.1:" + port);
    }
}
