package io.logpipe.benchmarks;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.basjes.parse.core.Field;
import nl.basjes.parse.httpdlog.HttpdLoglineParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Parses the same {@value #LINES} realistic combined-format lines four ways, single-threaded; the
 * score is lines per second.
 *
 * <ul>
 *   <li>{@code logpipe}: {@link AccessLogParser}, typed {@link AccessLogRecord}s with the time;
 *   <li>{@code agentRegex}: {@code java.util.regex} with the grok {@code COMBINEDAPACHELOG} pattern
 *       the Kinesis Agent compiles ({@code PatternConstants}, composed as in
 *       {@code reference/kinesis-agent.md} §2.1, plus {@code .*}, {@code matches()}), then the time
 *       through {@code DateTimeFormatter}, the request split, status and bytes converted;
 *   <li>{@code logparser}: nl.basjes {@code httpdlog-parser} 5.11.0 with the {@code combined} format
 *       into a reused record (the fields as strings, the time as {@code TIME.EPOCH});
 *   <li>{@code split}: a bare {@code indexOf} split into the same field strings, no conversion and
 *       no unescaping: the floor.
 * </ul>
 *
 * <p>The lines are {@link BenchmarkLines}: 10,000 combined lines from a seeded random over real
 * user agents, paths, referers and statuses (about 10 lines per timestamp second by default;
 * {@code -p linesPerSecond=1} gives every line its own second, the worst case for logpipe's
 * per-second time cache). {@code setUp} checks that all four methods extract the same values from
 * every line. Quote ratios between methods of one run, with the machine: on a shared 2-core
 * machine the absolute numbers move by a third between runs.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -q -pl log-model,log-parser -Pquick -DskipTests install
 * ./mvnw -B -q -pl benchmarks -Pquick package
 * java -jar benchmarks/target/benchmarks.jar ParserBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ParserBenchmark {

    /** How many lines each invocation parses. */
    static final int LINES = 10_000;

    // ---- the Kinesis Agent's grok composition (PatternConstants.java, reimplemented from the reference)
    private static final String INT = "(?:[+-]?(?:[0-9]+))";
    private static final String USER = "(?:[a-zA-Z0-9._-]+)";
    private static final String IP = "(?:[\\d\\.]+)";
    private static final String HOSTNAME = "(?:[\\w\\-]+)(?:\\.(?:[\\w\\-]+))*(?:\\.?|\\b)";
    private static final String IPORHOST = "(?:" + HOSTNAME + "|" + IP + ")";
    private static final String MONTHDAY = "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])";
    private static final String MONTH = "\\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?"
            + "|Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b";
    private static final String YEAR = "(?:[1-9]\\d*)";
    private static final String HOUR = "(?:2[0123]|[01]?[0-9])";
    private static final String MINUTE = "(?:[0-5][0-9])";
    private static final String SECOND = "(?:(?:[0-5]?[0-9]|60)(?:[:\\.,][0-9]+)?)";
    private static final String TIME = "(?:" + HOUR + ":" + MINUTE + ":" + SECOND + ")";
    private static final String HTTPDATE = "(?:" + MONTHDAY + "/" + MONTH + "/" + YEAR + ":" + TIME + "\\s" + INT + ")";
    private static final String NOQUOTE = "[^\"]+";
    static final String COMMON_APACHE_LOG = "^(" + IPORHOST + ") (" + USER + ") (" + USER + ") \\[(" + HTTPDATE
            + ")\\] \"(" + NOQUOTE + ")\" (" + INT + "|\\-) (" + INT + "|\\-)";
    static final String COMBINED_APACHE_LOG = COMMON_APACHE_LOG + " \"(" + NOQUOTE + ")\" \"(" + NOQUOTE + ")\"";

    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    /**
     * Average lines per timestamp second: 10 is a modestly busy site (about 10 requests per
     * second); 1 makes every line a new second, the worst case for logpipe's per-second cache
     * (run with {@code -p linesPerSecond=1}).
     */
    @Param({"10"})
    int linesPerSecond;

    String[] lines;
    AccessLogParser parser;
    Pattern agentPattern;
    HttpdLoglineParser<LogparserRecord> logparser;
    LogparserRecord logparserRecord;

    /** The fields every baseline produces, the same as {@link AccessLogRecord} holds. */
    static final class Fields {
        String host;
        String ident;
        String user;
        Object time;
        String method;
        String target;
        String protocol;
        Object status;
        Object bytes;
        String referer;
        String agent;
    }

    /** The record httpdlog-parser fills through its {@code @Field} setters. */
    public static final class LogparserRecord {
        String host;
        String ident;
        String user;
        long epoch;
        String method;
        String target;
        String protocol;
        String status;
        String bytes;
        String referer;
        String agent;

        @Field("IP:connection.client.host")
        public void setHost(String v) {
            host = v;
        }

        @Field("NUMBER:connection.client.logname")
        public void setIdent(String v) {
            ident = v;
        }

        @Field("STRING:connection.client.user")
        public void setUser(String v) {
            user = v;
        }

        @Field("TIME.EPOCH:request.receive.time.epoch")
        public void setEpoch(Long v) {
            epoch = v;
        }

        @Field("HTTP.METHOD:request.firstline.method")
        public void setMethod(String v) {
            method = v;
        }

        @Field("HTTP.URI:request.firstline.uri")
        public void setTarget(String v) {
            target = v;
        }

        @Field("HTTP.PROTOCOL_VERSION:request.firstline.protocol")
        public void setProtocol(String v) {
            protocol = v;
        }

        @Field("STRING:request.status.last")
        public void setStatus(String v) {
            status = v;
        }

        @Field("BYTESCLF:response.body.bytes")
        public void setBytes(String v) {
            bytes = v;
        }

        @Field("HTTP.URI:request.referer")
        public void setReferer(String v) {
            referer = v;
        }

        @Field("HTTP.USERAGENT:request.user-agent")
        public void setAgent(String v) {
            agent = v;
        }
    }

    /** Generates the lines and builds the parsers. */
    @Setup
    public void setUp() {
        lines = BenchmarkLines.generate(LINES, 42, linesPerSecond);
        parser = AccessLogParser.create(LogFormat.COMBINED);
        agentPattern = Pattern.compile(COMBINED_APACHE_LOG + ".*");
        logparser = new HttpdLoglineParser<>(LogparserRecord.class, "combined");
        logparserRecord = new LogparserRecord();
        // every method must accept every line and produce the same values, or the comparison is unfair
        for (String line : lines) {
            AccessLogRecord r = parser.parse(line);
            Fields regex = agentFields(agentPattern, line);
            Fields bare = split(line);
            LogparserRecord lp;
            try {
                lp = logparser.parse(new LogparserRecord(), line);
            } catch (Exception e) {
                throw new IllegalStateException("logparser rejects " + line, e);
            }
            if (bare == null) {
                throw new IllegalStateException("split rejects " + line);
            }
            List<Object> expected = Arrays.asList(r.remoteHost(), r.identity(), r.remoteUser(), r.method(), r.target(),
                    r.protocol(), String.valueOf(r.status()), r.bytesSent() == null ? null : r.bytesSent().toString(),
                    r.referer(), r.userAgent(), r.time().toInstant().toEpochMilli());
            check(line, "agentRegex", expected, Arrays.asList(regex.host, regex.ident, regex.user, regex.method,
                    regex.target, regex.protocol, String.valueOf(regex.status), str(regex.bytes), regex.referer,
                    regex.agent, ((OffsetDateTime) regex.time).toInstant().toEpochMilli()));
            check(line, "split", expected, Arrays.asList(bare.host, dash(bare.ident), dash(bare.user), bare.method,
                    bare.target, bare.protocol, bare.status, dash((String) bare.bytes), dash(bare.referer),
                    dash(bare.agent), r.time().toInstant().toEpochMilli()));
            check(line, "logparser", expected, Arrays.asList(lp.host, dash(lp.ident), dash(lp.user), lp.method,
                    lp.target, lp.protocol, lp.status, dash(lp.bytes), dash(lp.referer), dash(lp.agent), lp.epoch));
        }
    }

    private static void check(String line, String method, List<Object> expected, List<Object> actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(method + " differs on " + line + ": " + actual + " vs logpipe " + expected);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * logpipe: typed records, time included.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void logpipe(Blackhole bh) {
        AccessLogParser p = parser;
        for (String line : lines) {
            bh.consume(p.parse(line));
        }
    }

    /**
     * The Kinesis Agent's regular expression, then the conversions a consumer does.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void agentRegex(Blackhole bh) {
        Pattern pattern = agentPattern;
        for (String line : lines) {
            bh.consume(agentFields(pattern, line));
        }
    }

    static Fields agentFields(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            throw new IllegalStateException(line);
        }
        Fields f = new Fields();
        f.host = m.group(1);
        f.ident = dash(m.group(2));
        f.user = dash(m.group(3));
        f.time = OffsetDateTime.parse(m.group(4), CLF_TIME);
        String request = m.group(5);
        int sp1 = request.indexOf(' ');
        int sp2 = request.lastIndexOf(' ');
        f.method = request.substring(0, sp1);
        f.target = request.substring(sp1 + 1, sp2);
        f.protocol = request.substring(sp2 + 1);
        f.status = Integer.parseInt(m.group(6));
        String bytes = dash(m.group(7));
        f.bytes = bytes == null ? null : Long.valueOf(bytes);
        f.referer = dash(m.group(8));
        f.agent = dash(m.group(9));
        return f;
    }

    /**
     * nl.basjes httpdlog-parser, combined format, reused record.
     *
     * @param bh the sink
     * @throws Exception when a line is rejected, which setUp rules out
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void logparser(Blackhole bh) throws Exception {
        HttpdLoglineParser<LogparserRecord> p = logparser;
        LogparserRecord r = logparserRecord;
        for (String line : lines) {
            bh.consume(p.parse(r, line));
        }
    }

    /**
     * The floor: {@code indexOf} and {@code substring}, no conversion.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void split(Blackhole bh) {
        for (String line : lines) {
            bh.consume(split(line));
        }
    }

    static Fields split(String line) {
        Fields f = new Fields();
        int a = line.indexOf(' ');
        int b = line.indexOf(' ', a + 1);
        int c = line.indexOf(" [", b + 1);
        int d = line.indexOf("] \"", c + 2);
        int e = line.indexOf("\" ", d + 3);
        int g = line.indexOf(' ', e + 2);
        int h = line.indexOf(" \"", g + 1);
        int i = line.indexOf("\" \"", h + 2);
        int j = line.lastIndexOf('"');
        if ((a | b | c | d | e | g | h | i) < 0 || j <= i + 2) {
            return null;
        }
        f.host = line.substring(0, a);
        f.ident = line.substring(a + 1, b);
        f.user = line.substring(b + 1, c);
        f.time = line.substring(c + 2, d);
        int sp1 = line.indexOf(' ', d + 3);
        int sp2 = line.lastIndexOf(' ', e - 1);
        f.method = line.substring(d + 3, sp1);
        f.target = line.substring(sp1 + 1, sp2);
        f.protocol = line.substring(sp2 + 1, e);
        f.status = line.substring(e + 2, g);
        f.bytes = line.substring(g + 1, h);
        f.referer = line.substring(h + 2, i);
        f.agent = line.substring(i + 3, j);
        return f;
    }

    private static String dash(String s) {
        return s == null || s.equals("-") ? null : s;
    }

    /**
     * Runs this benchmark from an IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ParserBenchmark.class.getSimpleName()).build()).run();
    }
}
