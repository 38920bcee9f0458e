package io.logpipe.benchmarks;

import io.logpipe.agent.AgentConfig;
import io.logpipe.agent.FlowConfig;
import io.logpipe.agent.InitialPosition;
import io.logpipe.agent.LogAgent;
import io.logpipe.agent.ProcessingOption;
import io.logpipe.agent.RecordSender;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.ParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Ships one file of {@value #LINES} realistic combined-format lines from disk to a sender that
 * acknowledges at once; one operation is the whole file, so the score is milliseconds per file.
 *
 * <ul>
 *   <li>{@code agentLogToJson}: the whole agent ({@link LogAgent}): file tracking, reading, LOGTOJSON
 *       through log-parser and {@link AgentJson}, the ordered acknowledgement window, checkpoints;
 *   <li>{@code agentRaw}: the same with no processing option (lines sent as read);
 *   <li>{@code baselineReadParseWrite}: the least work with the same output and no agent:
 *       {@code BufferedReader.readLine}, {@code tryParse}, {@code AgentJson.writeLine}, into a
 *       {@link Blackhole}.
 * </ul>
 *
 * <p>The ratio agent / baseline is the cost of tailing safely (identity checks, windows,
 * checkpoints). {@code agentToLocalFirehose} ships {@value #ENDPOINT_LINES} lines through the real
 * Firehose client and sink to {@link LocalFirehose}, without and with 20 % of records failing. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar AgentBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class AgentBenchmark {

    static final int LINES = 200_000;

    @Param({"20000"})
    public int window;

    private Path dir;
    private Path logs;
    private final AccessLogParser parser = AccessLogParser.create(LogFormat.COMBINED);
    private final AgentJson json = AgentJson.combined();

    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        dir = Files.createTempDirectory("agent-bench");
        logs = Files.createDirectories(dir.resolve("logs"));
        String[] lines = BenchmarkLines.generate(LINES, 42, 10);
        Files.write(logs.resolve("access_log"), List.of(lines), StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void deleteFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private long runAgent(List<ProcessingOption> options) throws Exception {
        Path cp = dir.resolve("state-" + System.nanoTime() + "/cp.json");
        AgentConfig config = AgentConfig.of(List.of(FlowConfig.builder(logs.resolve("access_log*").toString(), "s")
                .initialPosition(InitialPosition.START_OF_FILE).dataProcessingOptions(options).build()))
                .withCheckpointFile(cp);
        LongAdder acked = new LongAdder();
        LongAdder bytes = new LongAdder();
        RecordSender sender = new RecordSender() {
            @Override
            public CompletableFuture<Void> send(byte[] record) {
                acked.increment();
                bytes.add(record.length);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        try (LogAgent agent = LogAgent.builder(config).senderFactory(f -> sender).pollInterval(Duration.ofMillis(1))
                .maxUnacknowledgedRecords(window).rejectedLineSink((f, l, r, t) -> { }).build()) {
            agent.start();
            while (acked.sum() < LINES) {
                Thread.onSpinWait();
            }
        }
        return bytes.sum();
    }

    /** @return the bytes sent */
    @Benchmark
    public long agentLogToJson() throws Exception {
        return runAgent(List.of(new ProcessingOption.LogToJson(ProcessingOption.ApacheLogFormat.COMBINEDAPACHELOG,
                null, null, false)));
    }

    /** @return the bytes sent */
    @Benchmark
    public long agentRaw() throws Exception {
        return runAgent(List.of());
    }

    /**
     * @param bh the sink of every output line
     * @throws IOException never for the benchmark's file
     */
    @Benchmark
    public void baselineReadParseWrite(Blackhole bh) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(logs.resolve("access_log"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                ParseResult p = parser.tryParse(line);
                if (p.isSuccess()) {
                    bh.consume(json.writeLine(p.record()));
                }
            }
        }
    }

    /**
     * The agent with its real Firehose client and sink against {@link LocalFirehose} (S3-style
     * directory destination, as {@code logpipe local firehose} runs it), {@value #ENDPOINT_LINES}
     * combined lines from one file, with {@code failRate} of the records of each call refused (half
     * {@code ServiceUnavailableException}, half {@code InternalFailure}, as {@code --fail-rate}).
     */
    @State(Scope.Benchmark)
    public static class Endpoint {
        /** The share of records each call refuses. */
        @Param({"0", "0.2"})
        public double failRate;

        Path dir;
        Path logs;
        LocalFirehose firehose;

        @Setup(Level.Trial)
        public void start() throws IOException {
            dir = Files.createTempDirectory("agent-endpoint-bench");
            logs = Files.createDirectories(dir.resolve("logs"));
            Files.write(logs.resolve("access_log"), List.of(BenchmarkLines.generate(ENDPOINT_LINES, 42, 10)),
                    StandardCharsets.UTF_8);
            firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start();
            firehose.createS3Stream(ENDPOINT_STREAM, "", 1, Duration.ZERO, false);
            firehose.faults().failRate(failRate);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            firehose.close();
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static final int ENDPOINT_LINES = 30_015;
    static final String ENDPOINT_STREAM = "web-log-ingestion-stream";

    /**
     * One file of {@value #ENDPOINT_LINES} lines through the whole agent to the local Firehose: from
     * {@code start()} until every full batch is acknowledged, then {@code close()} (which flushes the
     * rest). Compare {@code failRate=0.2} with {@code failRate=0}: the cost of per-record failures.
     *
     * @param e the endpoint
     * @return the records acknowledged
     * @throws Exception if the agent fails
     */
    @Benchmark
    public long agentToLocalFirehose(Endpoint e) throws Exception {
        Path cp = e.dir.resolve("state-" + System.nanoTime() + "/cp.json");
        AgentConfig config = AgentConfig.parse("""
                {"checkpointFile": "%s", "firehose.endpoint": "%s",
                 "flows": [ {"filePattern": "%s", "deliveryStream": "%s", "initialPosition": "START_OF_FILE",
                   "maxBufferAgeMillis": 1000,
                   "dataProcessingOptions": [ {"optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG"} ] } ] }
                """.formatted(cp.toString().replace("\\", "\\\\"), e.firehose.endpoint(),
                e.logs.resolve("access_log*").toString().replace("\\", "\\\\"), ENDPOINT_STREAM));
        long sent;
        try (LogAgent agent = LogAgent.builder(config).rejectedLineSink((f, l, r, t) -> { }).build()) {
            agent.start();
            int full = ENDPOINT_LINES / 500 * 500;
            while ((sent = agent.status().flows().get(0).recordsSent()) < full) {
                if (agent.terminated()) {
                    throw new IllegalStateException("agent stopped: " + agent.failure());
                }
                Thread.sleep(2);
            }
        }
        return sent;
    }

    /**
     * Runs the benchmark from an IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(AgentBenchmark.class.getSimpleName()).build()).run();
    }
}
