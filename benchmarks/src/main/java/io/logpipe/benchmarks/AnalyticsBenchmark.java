package io.logpipe.benchmarks;

import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.analytics.flink.AnalyticsInput;
import io.logpipe.analytics.flink.AnalyticsJob;
import io.logpipe.analytics.flink.FlinkAnalytics;
import io.logpipe.analytics.flink.JobSummary;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The tutorial query (requests per minute and status, event time, 5 s out-of-orderness) on the embedded
 * Flink MiniCluster with one and two task slots, next to a baseline that parses and counts the same file
 * in a plain single-threaded loop; and the time from job submission to the first result row.
 *
 * <p>{@code flinkEventTime} (200,000 lines), {@code flinkEventTimeLarge} (2,000,000 lines, so that job
 * start-up weighs little) and {@code baselineParseAndCount} report events per second (one operation is one
 * log line); {@code submitToFirstResult} reports milliseconds per job (planning, deployment on the running
 * cluster, reading until the first window closes).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am -Pquick -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar 'AnalyticsBenchmark\.(flinkEventTime|flinkEventTimeLarge|baselineParseAndCount)' \
 *     -p slots=1,2 -f 1 -wi 1 -i 3 -w 10s -r 10s
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class AnalyticsBenchmark {

    /** Lines in the input file: about 33 minutes of log at 100 lines per second. */
    static final int LINES = 200_000;
    /** Lines in the latency input: about 3 minutes of log, so the first window closes early. */
    static final int FIRST_RESULT_LINES = 20_000;

    @Param({"1", "2"})
    int slots;

    private FlinkAnalytics flink;
    private Path dir;
    private Path file;
    private Path small;
    private StreamQuery query;

    /**
     * Starts the cluster and writes the input.
     *
     * @throws IOException if the files cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("analytics-benchmark");
        String[] lines = BenchmarkLines.generate(LINES, 42, 100);
        file = Files.write(dir.resolve("access_log"), Arrays.asList(lines), StandardCharsets.UTF_8);
        small = Files.write(dir.resolve("access_log.small"), Arrays.asList(lines).subList(0, FIRST_RESULT_LINES),
                StandardCharsets.UTF_8);
        flink = FlinkAnalytics.builder().parallelism(slots).build();
        query = Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(5)), Duration.ofMinutes(1));
    }

    /**
     * Stops the cluster and deletes the input.
     *
     * @throws IOException if the files cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        flink.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(small);
        Files.deleteIfExists(dir);
    }

    /**
     * Runs the tutorial query over the whole file on Flink.
     *
     * @return the job summary
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(LINES)
    public JobSummary flinkEventTime() {
        try (AnalyticsJob job = flink.submit(query, AnalyticsInput.accessLogs(file, LogFormat.COMBINED), r -> { })) {
            JobSummary s = job.await(Duration.ofMinutes(10));
            if (s.inputRecords() != LINES) {
                throw new IllegalStateException("expected " + LINES + " records, got " + s);
            }
            return s;
        }
    }

    /** A 2,000,000-line input (about 5.5 hours of log), so that job start-up weighs little. */
    @State(Scope.Benchmark)
    public static class Large {
        /** Lines in the large input. */
        static final int LINES = 2_000_000;
        Path file;

        /**
         * Writes the input.
         *
         * @throws IOException if it cannot be written
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            file = Files.createTempFile("analytics-benchmark-large", ".log");
            Files.write(file, Arrays.asList(BenchmarkLines.generate(LINES, 43, 100)), StandardCharsets.UTF_8);
        }

        /**
         * Deletes the input.
         *
         * @throws IOException if it cannot be deleted
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Runs the tutorial query over the large file on Flink: throughput with start-up (planning, deployment)
     * spread over ten times the lines of {@link #flinkEventTime()}.
     *
     * @param large the input
     * @return the job summary
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(Large.LINES)
    public JobSummary flinkEventTimeLarge(Large large) {
        try (AnalyticsJob job = flink.submit(query, AnalyticsInput.accessLogs(large.file, LogFormat.COMBINED),
                r -> { })) {
            JobSummary s = job.await(Duration.ofMinutes(10));
            if (s.inputRecords() != Large.LINES) {
                throw new IllegalStateException("expected " + Large.LINES + " records, got " + s);
            }
            return s;
        }
    }

    /**
     * The baseline: parse each line with log-parser and count per (minute, status) in a hash map.
     *
     * @return the counts
     * @throws IOException if the file cannot be read
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(LINES)
    public Map<Long, Long> baselineParseAndCount() throws IOException {
        return parseAndCount(List.of(file));
    }

    /** Parses each line of the files with log-parser and counts per (minute, status) in a hash map, one thread. */
    static Map<Long, Long> parseAndCount(List<Path> files) throws IOException {
        AccessLogParser parser = AccessLogParser.create(LogFormat.COMBINED);
        Map<Long, Long> counts = new HashMap<>();
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    AccessLogRecord rec = parser.tryParse(line).recordOrNull();
                    if (rec != null) {
                        long minute = Math.floorDiv(rec.time().toEpochSecond(), 60);
                        counts.merge(minute * 1000 + rec.status(), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /**
     * Submits the query over a small file and waits for the first result row.
     *
     * @return milliseconds from submission to the first row
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public long submitToFirstResult() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        long start = System.nanoTime();
        try (AnalyticsJob job = flink.submit(query, AnalyticsInput.accessLogs(small, LogFormat.COMBINED),
                r -> first.countDown())) {
            if (!first.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("no result within 2 minutes");
            }
            long elapsed = System.nanoTime() - start;
            job.await(Duration.ofMinutes(2));
            return elapsed;
        }
    }

    /**
     * Runs this benchmark from the IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(AnalyticsBenchmark.class.getSimpleName()).build()).run();
    }
}
