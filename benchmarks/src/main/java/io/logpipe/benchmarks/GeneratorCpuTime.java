package io.logpipe.benchmarks;

import io.logpipe.generator.LogGenerator;
import io.logpipe.generator.LogLineWriter;
import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Locale;

/**
 * The three paths of {@link GeneratorBenchmark}, measured in lines per CPU-second of the measuring
 * thread rather than per wall-clock second: on a shared, loaded machine (2 cores, many builds) the
 * wall-clock figures of JMH swing by a factor of two between iterations, while thread CPU time only
 * counts the time the thread actually ran. Each path runs 8 rounds of 5 million lines; the best of
 * the last 6 is printed. Run:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.logpipe.benchmarks.GeneratorCpuTime
 * }</pre>
 */
public final class GeneratorCpuTime {

    private static final int LINES = 5_000_000;
    private static final int ROUNDS = 8;
    private static final Instant START = Instant.parse("2026-11-25T23:30:00Z");

    private GeneratorCpuTime() {}

    /**
     * Prints lines per CPU-second for each path.
     *
     * @param args ignored
     * @throws IOException never (the sink discards)
     */
    public static void main(String[] args) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        OutputStream sink = OutputStream.nullOutputStream();
        String[] names = {"writerCombined", "writerCommon", "recordsThenFormatter"};
        double[] best = new double[names.length];
        long checksum = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int path = 0; path < names.length; path++) {
                LogGenerator.Builder b = LogGenerator.builder().seed(42).start(START).zone(ZoneOffset.UTC);
                if (path == 1) {
                    b.format(LogFormat.COMMON);
                }
                LogGenerator generator = b.build();
                long cpu0 = mx.getCurrentThreadCpuTime();
                if (path < 2) {
                    try (LogLineWriter writer = generator.writer(sink)) {
                        writer.writeLines(LINES);
                        checksum += writer.bytes();
                    }
                } else {
                    AccessLogFormatter formatter = AccessLogFormatter.combined();
                    Iterator<AccessLogRecord> records = generator.iterator();
                    StringBuilder line = new StringBuilder(512);
                    for (int i = 0; i < LINES; i++) {
                        line.setLength(0);
                        formatter.formatTo(records.next(), line).append('\n');
                        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                        sink.write(bytes);
                        checksum += bytes.length;
                    }
                }
                double rate = LINES / ((mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
                if (round >= 2) {
                    best[path] = Math.max(best[path], rate);
                }
            }
        }
        for (int path = 0; path < names.length; path++) {
            System.out.printf(Locale.ROOT, "%-22s %,12.0f lines per CPU-second (%.2fx the formatter baseline)%n",
                    names[path], best[path], best[path] / best[2]);
        }
        System.out.println("checksum " + checksum);
    }
}
