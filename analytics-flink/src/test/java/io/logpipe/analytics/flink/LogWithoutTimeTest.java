package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records of layouts without {@code %t} (Apache's referer and agent logs): an event-time job refuses
 * them with the reason, never an NPE or a silent loss; an arrival-time job counts them.
 */
final class LogWithoutTimeTest {

    private static FlinkAnalytics flink;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFlink() {
        flink = FlinkAnalytics.builder().parallelism(1).build();
    }

    @AfterAll
    static void stopFlink() {
        if (flink != null) {
            flink.close();
        }
    }

    private static AccessLogRecord agentLine(String ua) {
        return AccessLogRecord.builder().remoteHost(null).time(null).status(null).userAgent(ua).build();
    }

    @Test
    void submit_eventTimeOverRefererLog_refusedNamingTheFormat() throws Exception {
        Path log = Files.writeString(dir.resolve("referer_log"), "http://a/ -> /index.html\n");

        assertThatThrownBy(() -> flink.submit(
                        Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(20)), Duration.ofMinutes(1)),
                        AnalyticsInput.accessLogs(log, LogFormat.REFERER), r -> { }))
                .isInstanceOf(AnalyticsException.class).hasMessageContaining("format 'referer'")
                .hasMessageContaining("has no %t").hasMessageContaining("arrival time");
    }

    @Test
    void submit_arrivalTimeOverAgentLog_countsEveryLine() throws Exception {
        Path log = Files.write(dir.resolve("agent_log"), List.of("curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-",
                "Wget/1.21.4"), StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = flink.submit(Tutorial.flink(TimeAttribute.arrival(), Duration.ofSeconds(1)),
                AnalyticsInput.accessLogs(log, LogFormat.AGENT), rows::add)) {
            summary = job.await(Duration.ofMinutes(1));
        }
        assertThat(summary.inputRecords()).isEqualTo(4);
        assertThat(summary.malformedLines()).isZero();
        assertThat(rows).allSatisfy(r -> assertThat(r.get("STATUS")).isNull()); // the agent log has no status
        // every line is counted in a window or, when the first job of a fresh cluster starts slowly, as late
        assertThat(rows.stream().mapToLong(r -> (Long) r.get("STATUSCOUNT")).sum() + summary.lateRecords())
                .isEqualTo(4);
    }

    @Test
    void submit_eventTimeAgentJsonWithNullDatetime_countedAsMalformed() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(5, 300, 10);
        List<String> lines = new ArrayList<>(records.stream().map(AgentJson.combined()::write).toList());
        lines.add(100, AgentJson.combined().write(agentLine("curl/8.5.0")));
        lines.add(AgentJson.combined().write(agentLine("Wget/1.21.4")));
        Path file = Files.write(dir.resolve("part-0"), lines, StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = flink.submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(20)), Duration.ofMinutes(1)),
                AnalyticsInput.agentJson(file, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(1));
        }

        assertThat(summary.malformedLines()).isEqualTo(2);
        assertThat(rows.stream().mapToLong(r -> (Long) r.get("STATUSCOUNT")).sum()).isEqualTo(300);
    }

    @Test
    void submit_eventTimePushedRecordWithoutTime_jobFailsWithTheReason() {
        PushedInput pushed = AnalyticsInput.pushed();
        AnalyticsJob job = flink.submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(20)), Duration.ofMinutes(1)),
                pushed, r -> { });
        try (job) {
            pushed.send(TestLogs.inOrder(1, 1, 1).get(0));
            pushed.send(agentLine("curl/8.5.0"));
            pushed.close();

            assertThatThrownBy(() -> job.await(Duration.ofMinutes(1))).isInstanceOf(AnalyticsException.class)
                    .hasMessageContaining("a pushed record has no time");
        }
    }
}
