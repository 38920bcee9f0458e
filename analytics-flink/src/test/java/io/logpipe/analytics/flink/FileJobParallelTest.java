package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.Sink;
import io.logpipe.analytics.Sql;
import io.logpipe.analytics.SqlType;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.analytics.Window;
import io.logpipe.analytics.flink.internal.QueryCombiner;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file path at parallelism 2: batches read in path order, parsed in parallel, equal rows combined per
 * window slice where the query allows it; every result is compared with a count made without Flink.
 */
final class FileJobParallelTest {

    private static final long BOUND = 10_000;
    @RegisterExtension
    static final SharedFlink FLINK = new SharedFlink();

    @TempDir
    Path dir;

    /** The input in path order: records shuffled within 8 s, every 900th moved back 3 minutes (late). */
    private static List<AccessLogRecord> input() {
        List<AccessLogRecord> input = new ArrayList<>(
                TestLogs.shuffledWithin(TestLogs.inOrder(77, 96_000, 1_800), 5, 8));
        for (int i = 900; i < input.size(); i += 900) {
            AccessLogRecord r = input.get(i);
            input.set(i, r.toBuilder().time(r.time().minusMinutes(3)).build());
        }
        return input;
    }

    /** Writes the records into 8 files: one with CRLF line ends, one without a final line end, garbage. */
    private Path writeFiles(List<AccessLogRecord> input) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> lines = TestLogs.lines(input);
        int per = lines.size() / 8;
        for (int f = 0; f < 8; f++) {
            List<String> part = new ArrayList<>(lines.subList(f * per, (f + 1) * per));
            part.add(part.size() / 2, "garbage in file " + f);
            part.add(part.size() / 3, "");
            String sep = f == 3 ? "\r\n" : "\n";
            String text = String.join(sep, part) + (f == 5 ? "" : sep);
            Files.writeString(logs.resolve("access_log." + f), text, StandardCharsets.UTF_8);
        }
        return logs;
    }

    /** The documented rule, in input order: watermark = newest time before - bound - 1 ms. */
    private static List<AccessLogRecord> onTime(List<AccessLogRecord> input, long sliceMillis, long[] late) {
        List<AccessLogRecord> onTime = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (AccessLogRecord r : input) {
            long ts = r.time().toInstant().toEpochMilli();
            long watermark = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - BOUND - 1;
            if (ts - Math.floorMod(ts, sliceMillis) + sliceMillis - 1 <= watermark) {
                late[0]++;
            } else {
                onTime.add(r);
            }
            max = Math.max(max, ts);
        }
        return onTime;
    }

    private JobSummary run(StreamQuery query, Path logs, List<ResultRow> rows) {
        try (AnalyticsJob job = FLINK.get().submit(query, AnalyticsInput.accessLogs(logs, LogFormat.COMBINED), rows::add)) {
            return job.await(Duration.ofMinutes(3));
        }
    }

    @Test
    void submit_tutorialOverManyFilesOutOfOrderWithinBound_combinedCountsEqualIndependentCount() throws Exception {
        List<AccessLogRecord> input = input();
        Path logs = writeFiles(input);
        StreamQuery query = Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofMillis(BOUND)),
                Duration.ofMinutes(1));
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary = run(query, logs, rows);

        long[] late = new long[1];
        Map<String, Long> expected = TestLogs.count(onTime(input, 60_000, late), 60_000);
        assertThat(QueryCombiner.rewrite(query)).as("the tutorial query takes combined rows").isNotNull();
        assertThat(late[0]).isGreaterThan(50);
        assertThat(TestLogs.keyed(rows)).isEqualTo(expected);
        assertThat(summary.inputRecords()).isEqualTo(input.size());
        assertThat(summary.malformedLines()).isEqualTo(8);
        assertThat(summary.lateRecords()).isEqualTo(late[0]);
        assertThat(summary.resultRows()).isEqualTo(expected.size());
    }

    @Test
    void submit_hoppingCountAndMaxOverFiles_combinedResultsEqualIndependentResults() throws Exception {
        List<AccessLogRecord> input = input();
        Path logs = writeFiles(input);
        StreamQuery query = Sql.select(
                        Sql.formatTimestamp(Sql.windowStart(), Tutorial.ISO_UTC_PATTERN).as("datetime"),
                        Sql.column("response").as("status"),
                        Sql.count().as("n"),
                        Sql.max(Sql.column("bytes")).as("maxBytes"))
                .from(Tutorial.agentSource(TimeAttribute.eventTime("datetime", Duration.ofMillis(BOUND))))
                .window(Window.hopping(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .groupBy(Sql.column("response"))
                .into(Sink.stream("out")
                        .column("datetime", SqlType.varchar(30))
                        .column("status", SqlType.INTEGER)
                        .column("n", SqlType.BIGINT)
                        .column("maxBytes", SqlType.BIGINT)
                        .build())
                .build();
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        run(query, logs, rows);

        Map<String, Long> count = new TreeMap<>();
        Map<String, Long> max = new TreeMap<>();
        for (AccessLogRecord r : onTime(input, 60_000, new long[1])) {
            long ms = r.time().toInstant().toEpochMilli();
            long slice = ms - Math.floorMod(ms, 60_000L);
            for (long start : new long[] {slice, slice - 60_000}) {
                String k = TestLogs.key(start, r.status());
                count.merge(k, 1L, Long::sum);
                if (r.bytesSent() != null) {
                    max.merge(k, r.bytesSent(), Math::max);
                }
            }
        }
        Map<String, Long> gotCount = new TreeMap<>();
        Map<String, Long> gotMax = new TreeMap<>();
        for (ResultRow r : rows) {
            String k = r.get("DATETIME") + "|" + r.get("STATUS");
            assertThat(gotCount.put(k, (Long) r.get("N"))).as("one row for " + k).isNull();
            if (r.get("MAXBYTES") != null) {
                gotMax.put(k, (Long) r.get("MAXBYTES"));
            }
        }
        assertThat(QueryCombiner.rewrite(query)).isNotNull();
        assertThat(gotCount).isEqualTo(count);
        assertThat(gotMax).isEqualTo(max);
    }

    @Test
    void submit_sumOfBytesOverFiles_isNotCombinedAndEqualsIndependentSum() throws Exception {
        List<AccessLogRecord> input = input();
        Path logs = writeFiles(input);
        StreamQuery query = Sql.select(
                        Sql.formatTimestamp(Sql.windowStart(), Tutorial.ISO_UTC_PATTERN).as("datetime"),
                        Sql.sum(Sql.column("bytes")).as("total"))
                .from(Tutorial.agentSource(TimeAttribute.eventTime("datetime", Duration.ofMillis(BOUND))))
                .window(Window.tumbling(Duration.ofMinutes(1)))
                .into(Sink.stream("out")
                        .column("datetime", SqlType.varchar(30))
                        .column("total", SqlType.BIGINT)
                        .build())
                .build();
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary = run(query, logs, rows);

        long[] late = new long[1];
        Map<String, Long> expected = new TreeMap<>();
        for (AccessLogRecord r : onTime(input, 60_000, late)) {
            long ms = r.time().toInstant().toEpochMilli();
            expected.merge(TestLogs.key(ms - Math.floorMod(ms, 60_000L), 0).replace("|0", ""),
                    r.bytesSent() == null ? 0 : r.bytesSent(), Long::sum);
        }
        Map<String, Long> got = new TreeMap<>();
        rows.forEach(r -> got.put((String) r.get("DATETIME"), (Long) r.get("TOTAL")));
        assertThat(QueryCombiner.rewrite(query)).as("SUM is not combined").isNull();
        assertThat(got).isEqualTo(expected);
        assertThat(summary.lateRecords()).isEqualTo(late[0]);
    }
}
