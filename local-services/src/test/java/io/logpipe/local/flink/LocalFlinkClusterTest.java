package io.logpipe.local.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.flink.junit.FlinkClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class LocalFlinkClusterTest {

    @RegisterExtension
    static final FlinkClusterExtension FLINK = FlinkClusterExtension.create(b -> b.slotsPerTaskManager(2));

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
}
