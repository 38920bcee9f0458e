package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FlinkAnalyticsTest {

    private static FlinkAnalytics flink;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFlink() {
        flink = FlinkAnalytics.builder().parallelism(2).build();
    }

    @AfterAll
    static void stopFlink() {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void submit_eventTimeShuffledWithinBound_countsEqualIndependentCount() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(42, 120_000, 600);
        List<AccessLogRecord> shuffled = TestLogs.shuffledWithin(records, 7, 20);
        Path log = dir.resolve("access_log.1");
        Files.write(log, TestLogs.lines(shuffled), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("access_log.1"), "this is not a log line\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = flink.submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(20)), Duration.ofMinutes(1)),
                AnalyticsInput.accessLogs(log, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(3));
        }

        Map<String, Long> expected = TestLogs.count(records, 60_000);
        assertThat(TestLogs.keyed(rows)).isEqualTo(expected);
        assertThat(summary.inputRecords()).isEqualTo(120_000);
        assertThat(summary.malformedLines()).isEqualTo(1);
        assertThat(summary.lateRecords()).isZero();
        assertThat(summary.resultRows()).isEqualTo(expected.size());
        assertThat(rows.get(0).fields().keySet()).containsExactly("DATETIME", "STATUS", "STATUSCOUNT");
        assertThat(rows.get(0).get("STATUS")).isInstanceOf(Integer.class);
    }
}
