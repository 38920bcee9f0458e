package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

final class LogGeneratorTest {

    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @Test
    void writer_sameSeedAndStart_byteIdenticalOutput() {
        byte[] first = Lines.bytes(Lines.seeded(42).build(), 20_000);
        byte[] second = Lines.bytes(Lines.seeded(42).build(), 20_000);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void writer_differentSeed_differentLines() {
        List<String> a = Lines.lines(Lines.seeded(1).build(), 100);
        List<String> b = Lines.lines(Lines.seeded(2).build(), 100);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).isNotEqualTo(a.get(i));
        }
    }

    @Test
    void writer_sameGeneratorTwice_restartsTheSequence() {
        LogGenerator generator = Lines.seeded(7).build();
        assertThat(Lines.bytes(generator, 1000)).isEqualTo(Lines.bytes(generator, 1000));
    }

    @Test
    void writer_noSeed_drawsOneAndReportsIt() {
        LogGenerator generator = LogGenerator.builder().start(Lines.START).zone(ZoneOffset.UTC).build();
        LogGenerator replay = Lines.seeded(generator.seed()).build();
        assertThat(Lines.bytes(replay, 500)).isEqualTo(Lines.bytes(generator, 500));
    }

    @Test
    void writer_combinedFormat_everyLineMatchesTheOriginalTemplate() {
        for (String line : Lines.lines(Lines.seeded(3).build(), 50_000)) {
            assertThat(line).matches(Lines.ELF);
            assertThat(line.length()).isLessThan(LineComposer.MAX_LINE);
        }
    }

    @Test
    void writer_commonFormat_isTheCombinedLineWithoutRefererAndAgent() {
        List<String> combined = Lines.lines(Lines.seeded(5).build(), 5000);
        List<String> common = Lines.lines(Lines.seeded(5).format(LogFormat.COMMON).build(), 5000);
        for (int i = 0; i < common.size(); i++) {
            assertThat(common.get(i)).matches(Lines.CLF);
            Matcher m = Lines.ELF.matcher(combined.get(i));
            assertThat(m.matches()).isTrue();
            assertThat(combined.get(i)).startsWith(common.get(i) + " \"");
            assertThat(common.get(i)).hasSize(m.end(6));
        }
    }

    @Test
    void records_sameConfiguration_formatToTheWriterLines() {
        for (LogFormat format : List.of(LogFormat.COMBINED, LogFormat.COMMON)) {
            LogGenerator generator = Lines.seeded(11).format(format).zone(ZoneId.of("America/New_York")).build();
            List<String> lines = Lines.lines(generator, 20_000);
            AccessLogFormatter formatter = AccessLogFormatter.forFormat(format);
            Iterator<AccessLogRecord> records = generator.iterator();
            for (String line : lines) {
                assertThat(records.hasNext()).isTrue();
                assertThat(formatter.format(records.next())).isEqualTo(line);
            }
        }
    }

    @Test
    void records_fields_areTheOriginalsConstants() {
        generatorRecords(Lines.seeded(13).build(), 2000).forEach(r -> {
            assertThat(r.identity()).isNull();
            assertThat(r.remoteUser()).isNull();
            assertThat(r.protocol()).isEqualTo("HTTP/1.0");
            assertThat(r.rawRequest()).isNull();
            assertThat(r.referer()).isNotBlank();
            assertThat(r.userAgent()).isNotBlank();
            assertThat(r.extras()).isEmpty();
            assertThat(r.trailer()).isEmpty();
        });
        generatorRecords(Lines.seeded(13).format(LogFormat.COMMON).build(), 100).forEach(r -> {
            assertThat(r.referer()).isNull();
            assertThat(r.userAgent()).isNull();
        });
    }

    @Test
    void records_defaultStep_firstLineOneStepAfterStartThenStrictlyIncreasing30To300Seconds() {
        List<AccessLogRecord> records = generatorRecords(Lines.seeded(17).build(), 10_000);
        Instant previous = Lines.START;
        for (AccessLogRecord r : records) {
            long step = Duration.between(previous, r.time().toInstant()).getSeconds();
            assertThat(step).isBetween(30L, 300L);
            previous = r.time().toInstant();
        }
    }

    @Test
    void writer_fixedStep_advancesExactlyAndTruncatesFractions() {
        LogGenerator generator = Lines.seeded(19).fixedStep(Duration.ofMillis(500)).build();
        List<String> lines = Lines.lines(generator, 6);
        List<String> times = new ArrayList<>();
        for (String line : lines) {
            Matcher m = Lines.ELF.matcher(line);
            assertThat(m.matches()).isTrue();
            times.add(m.group(2));
        }
        assertThat(times).containsExactly("25/Nov/2026:23:30:00 +0000", "25/Nov/2026:23:30:01 +0000",
                "25/Nov/2026:23:30:01 +0000", "25/Nov/2026:23:30:02 +0000", "25/Nov/2026:23:30:02 +0000",
                "25/Nov/2026:23:30:03 +0000");
    }

    @Test
    void writer_wallClock_stampsEachLineWithTheClock() {
        AtomicLong millis = new AtomicLong(Instant.parse("2027-03-01T10:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.getAndAdd(1500));
            }
        };
        LogGenerator generator = Lines.seeded(23).wallClock().clock(clock).zone(ZoneOffset.ofHours(-7)).build();
        List<AccessLogRecord> records = generatorRecords(generator, 3);
        assertThat(records).extracting(AccessLogRecord::time).containsExactly(
                OffsetDateTime.parse("2027-03-01T03:00:00-07:00"),
                OffsetDateTime.parse("2027-03-01T03:00:01-07:00"),
                OffsetDateTime.parse("2027-03-01T03:00:03-07:00"));
    }

    @Test
    void writer_noStart_startsAtTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2030-06-15T12:00:00Z"), ZoneOffset.UTC);
        LogGenerator generator = LogGenerator.builder().seed(1).clock(clock).zone(ZoneOffset.UTC)
                .fixedStep(Duration.ofSeconds(10)).build();
        assertThat(generator.records().findFirst().orElseThrow().time())
                .isEqualTo(OffsetDateTime.parse("2030-06-15T12:00:10Z"));
    }

    @Test
    void writer_zoneWithDaylightSaving_writesTheOffsetOfEachInstant() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant beforeChange = Instant.parse("2027-03-28T00:50:00Z");
        LogGenerator generator = LogGenerator.builder().seed(1).start(beforeChange).zone(berlin)
                .fixedStep(Duration.ofMinutes(5)).build();
        for (String line : Lines.lines(generator, 30)) {
            Matcher m = Lines.ELF.matcher(line);
            assertThat(m.matches()).isTrue();
            OffsetDateTime written = OffsetDateTime.parse(m.group(2), CLF_TIME);
            assertThat(written.getOffset()).isEqualTo(berlin.getRules().getOffset(written.toInstant()));
        }
        List<String> lines = Lines.lines(generator, 30);
        assertThat(lines.get(0)).contains("[28/Mar/2027:01:55:00 +0100]");
        assertThat(lines.get(1)).contains("[28/Mar/2027:03:00:00 +0200]");
    }

    @Test
    void writer_timestampsPastYear9999_throwGeneratorException() {
        LogGenerator generator = LogGenerator.builder().seed(1).zone(ZoneOffset.UTC)
                .start(Instant.parse("9999-12-31T23:58:00Z")).build();
        assertThatThrownBy(() -> Lines.bytes(generator, 10))
                .isInstanceOf(GeneratorException.class)
                .hasMessageContaining("9999");
    }

    @Test
    void writer_failingStream_throwsGeneratorExceptionWithCause() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        LogLineWriter writer = Lines.seeded(1).build().writer(broken);
        writer.writeLine();
        assertThatThrownBy(writer::flush)
                .isInstanceOf(GeneratorException.class)
                .hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("Broken pipe");
    }

    @Test
    void writer_counts_linesAndBytes() {
        LogLineWriter writer = Lines.seeded(29).build().writer(OutputStream.nullOutputStream());
        long sum = 0;
        for (int i = 0; i < 1000; i++) {
            sum += writer.writeLine();
        }
        writer.writeLines(500);
        writer.close();
        assertThat(writer.lines()).isEqualTo(1500);
        assertThat(writer.bytes()).isGreaterThan(sum);
        assertThat(writer.bytes()).isEqualTo(Lines.bytes(Lines.seeded(29).build(), 1500).length);
        assertThatThrownBy(() -> writer.writeLines(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builder_invalidValues_throwWithTheFieldName() {
        LogGenerator.Builder b = LogGenerator.builder();
        assertThatThrownBy(() -> b.format(LogFormat.of("%h %D"))).hasMessageContaining("format");
        assertThatThrownBy(() -> b.fixedStep(Duration.ZERO)).hasMessageContaining("fixedStep");
        assertThatThrownBy(() -> b.randomStep(Duration.ofSeconds(5), Duration.ofSeconds(4)))
                .hasMessageContaining("randomStep");
        assertThatThrownBy(() -> b.randomStep(Duration.ofMillis(5), Duration.ofSeconds(4)))
                .hasMessageContaining("whole seconds");
    }

    @Test
    void builder_getters_reportTheConfiguration() {
        Clock clock = Clock.systemUTC();
        LogGenerator g = LogGenerator.builder().seed(9).start(Lines.START).zone(ZoneOffset.UTC).clock(clock)
                .format(LogFormat.COMMON).ipv4Space(Ipv4Space.FULL).build();
        assertThat(g.seed()).isEqualTo(9);
        assertThat(g.start()).isEqualTo(Lines.START);
        assertThat(g.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(g.clock()).isSameAs(clock);
        assertThat(g.format()).isEqualTo(LogFormat.COMMON);
        assertThat(g.ipv4Space()).isEqualTo(Ipv4Space.FULL);
        assertThat(g.toString()).contains("seed=9", "common", "FULL");
    }

    @Test
    void randomStep_equalBounds_stepsExactly() {
        LogGenerator g = Lines.seeded(31).randomStep(Duration.ofSeconds(60), Duration.ofSeconds(60)).build();
        List<AccessLogRecord> records = generatorRecords(g, 3);
        assertThat(records.get(2).time().toInstant()).isEqualTo(Lines.START.plusSeconds(180));
    }

    private static List<AccessLogRecord> generatorRecords(LogGenerator generator, int count) {
        return generator.records().limit(count).toList();
    }
}
