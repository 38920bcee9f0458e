package io.logpipe.benchmarks;

import io.logpipe.local.flink.FlinkRestClient;
import io.logpipe.local.flink.LocalFlinkCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * The tutorial query submitted as a job to a real local Flink session cluster ({@link LocalFlinkCluster}:
 * a JobManager and one TaskManager with {@code slots} slots, separate JVMs), at parallelism = slots, through
 * the REST API as {@code logpipe analytics submit} does; one operation is one log line, timed from
 * {@code /jars/:id/run} to the job's FINISHED state (planning, deployment, reading, parsing, the windowed
 * aggregation and the file sink's final commit; each run's result files must equal the independent count of
 * {@link AnalyticsBenchmark#parseAndCount}, per minute and status); next to it, {@code baselineParseAndCount}, the one-thread
 * parse-and-count loop of {@link AnalyticsBenchmark} over the same files.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am -Pquick -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar AnalyticsClusterBenchmark -f 1 -wi 1 -i 3
 * </pre>
 *
 * <p>The job jar is analytics-flink's {@code analytics-flink-<version>-job.jar}, found from the working
 * directory (the checkout) or named by {@code -Dlogpipe.analytics.jobJar=FILE}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
@Warmup(iterations = 1, time = 20)
@Measurement(iterations = 3, time = 20)
public class AnalyticsClusterBenchmark {

    /** Lines in the input: 1,000,000 in 4 files. */
    static final int LINES = 1_000_000;

    @Param({"1", "2", "4"})
    int slots;

    private LocalFlinkCluster cluster;
    private FlinkRestClient rest;
    private String jarId;
    private Path dir;
    private Path logs;
    private int run;
    private Map<Long, Long> expected;

    /**
     * Starts the cluster, uploads the job jar and writes the input.
     *
     * @throws IOException if the files cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("analytics-cluster-benchmark");
        logs = Files.createDirectories(dir.resolve("logs"));
        String[] lines = BenchmarkLines.generate(LINES, 42, 500);
        int per = LINES / 4;
        for (int f = 0; f < 4; f++) {
            Files.write(logs.resolve("access_log." + f), Arrays.asList(lines).subList(f * per, (f + 1) * per),
                    StandardCharsets.UTF_8);
        }
        cluster = LocalFlinkCluster.builder().taskManagers(1).slotsPerTaskManager(slots)
                .setting("taskmanager.memory.task.heap.size", "384m").build().start();
        rest = new FlinkRestClient(cluster.restUrl());
        try (Stream<Path> s = Files.list(logs)) {
            expected = AnalyticsBenchmark.parseAndCount(s.sorted().toList());
        }
        jarId = rest.upload(jobJar());
    }

    /**
     * Stops the cluster and deletes the files.
     *
     * @throws IOException if the files cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        cluster.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Runs the job over the input and waits until it finished.
     *
     * @return the job's record count
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(LINES)
    public long clusterEventTime() throws InterruptedException {
        Path out = dir.resolve("out-" + run++);
        String job = rest.run(jarId, "io.logpipe.analytics.flink.AnalyticsJobMain", List.of("--input", logs.toString(),
                "--output", out.toString()), slots);
        String state;
        while (!(state = rest.state(job)).equals("FINISHED")) {
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new IllegalStateException("job " + state + ": " + rest.rootException(job));
            }
            Thread.sleep(20);
        }
        Map<String, Long> acc = rest.accumulators(job);
        long records = acc.getOrDefault("logpipe.records", 0L);
        if (records != LINES) {
            throw new IllegalStateException("expected " + LINES + " records, got " + acc);
        }
        Map<Long, Long> counted = resultCounts(out);
        if (!counted.equals(expected)) {
            throw new IllegalStateException("the job's counts differ from the independent count: " + counted.size()
                    + " (minute, status) rows, expected " + expected.size());
        }
        return records;
    }

    /**
     * The baseline: one thread parses every line and counts per (minute, status).
     *
     * @return the counts
     * @throws IOException if a file cannot be read
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(LINES)
    public Map<Long, Long> baselineParseAndCount() throws IOException {
        try (Stream<Path> s = Files.list(logs)) {
            return AnalyticsBenchmark.parseAndCount(s.sorted().toList());
        }
    }

    private static final Pattern ROW = Pattern.compile(
            "\\{\"DATETIME\":\"([^\"]+)\",\"STATUS\":(\\d+),\"STATUSCOUNT\":(\\d+)}");

    /** Reads the job's result files into counts keyed as {@link AnalyticsBenchmark#parseAndCount} keys them. */
    static Map<Long, Long> resultCounts(Path out) {
        Map<Long, Long> counts = new HashMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    Matcher m = ROW.matcher(line);
                    if (!m.matches()) {
                        throw new IllegalStateException("unexpected result line in " + f + ": " + line);
                    }
                    long minute = Math.floorDiv(Instant.parse(m.group(1)).getEpochSecond(), 60);
                    counts.merge(minute * 1000 + Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    private static Path jobJar() throws IOException {
        String configured = System.getProperty("logpipe.analytics.jobJar");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String d : new String[] {".", ".."}) {
            Path target = Path.of(d, "analytics-flink", "target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(target, "analytics-flink-*-job.jar")) {
                    for (Path p : s) {
                        return p;
                    }
                }
            }
        }
        throw new IllegalStateException("no job jar: build analytics-flink or pass -Dlogpipe.analytics.jobJar=FILE");
    }

    /**
     * Runs this benchmark from the IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(AnalyticsClusterBenchmark.class.getSimpleName()).build()).run();
    }
}
