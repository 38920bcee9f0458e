package io.logpipe.benchmarks;

import io.logpipe.generator.LogGenerator;
import io.logpipe.generator.LogLineWriter;
import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Lines per second of the fake log generator, on one thread, into a stream that discards the bytes.
 *
 * <ul>
 *   <li>{@code writerCombined}: {@link LogLineWriter}, the default combined ("ELF") lines composed
 *       straight into its byte buffer; {@code writerCommon} the same for CLF.</li>
 *   <li>{@code recordsThenFormatter}: the baseline a straightforward port would do: the same records
 *       from the generator's iterator, formatted with log-model's {@link AccessLogFormatter} into a
 *       {@code String}, encoded to UTF-8 and written.</li>
 * </ul>
 *
 * <p>One operation is one line ({@code @OperationsPerInvocation}), so the scores are lines per second.
 * Run:
 *
 * <pre>{@code
 * ./mvnw -B -q -pl log-model,log-generator -Pquick -DskipTests install
 * ./mvnw -B -q -pl benchmarks -Pquick package
 * java -jar benchmarks/target/benchmarks.jar GeneratorBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * }</pre>
 *
 * <p>On a loaded shared machine, {@link GeneratorCpuTime} measures the same paths per CPU-second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class GeneratorBenchmark {

    private static final int LINES = 10_000;
    private static final Instant START = Instant.parse("2026-11-25T23:30:00Z");

    private final OutputStream sink = OutputStream.nullOutputStream();
    private LogLineWriter combined;
    private LogLineWriter common;
    private Iterator<AccessLogRecord> records;
    private final AccessLogFormatter formatter = AccessLogFormatter.combined();

    /** A fresh sequence per iteration, so timestamps (30 to 300 s a line) stay within the year 9999. */
    @Setup(Level.Iteration)
    public void setUp() {
        LogGenerator generator = LogGenerator.builder().seed(42).start(START).zone(ZoneOffset.UTC).build();
        combined = generator.writer(sink);
        common = LogGenerator.builder().seed(42).start(START).zone(ZoneOffset.UTC).format(LogFormat.COMMON).build()
                .writer(sink);
        records = generator.iterator();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long writerCombined() {
        LogLineWriter w = combined;
        for (int i = 0; i < LINES; i++) {
            w.writeLine();
        }
        return w.bytes();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long writerCommon() {
        LogLineWriter w = common;
        for (int i = 0; i < LINES; i++) {
            w.writeLine();
        }
        return w.bytes();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void recordsThenFormatter(Blackhole bh) throws java.io.IOException {
        StringBuilder line = new StringBuilder(512);
        for (int i = 0; i < LINES; i++) {
            line.setLength(0);
            formatter.formatTo(records.next(), line).append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            sink.write(bytes);
            bh.consume(bytes);
        }
    }

    /**
     * Runs this benchmark from an IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(GeneratorBenchmark.class.getSimpleName()).build()).run();
    }
}
