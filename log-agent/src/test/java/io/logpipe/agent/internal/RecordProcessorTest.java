package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.agent.ProcessingOption;
import io.logpipe.agent.ProcessingOption.ApacheLogFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class RecordProcessorTest {

    static final String COMBINED = "123.45.67.89 - - [27/Oct/2000:09:27:09 -0400] \"GET /java/javaResources.html"
            + " HTTP/1.0\" 200 10450 \"-\" \"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\" \"ANY_RANDOM_DATA\"";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    private static RecordProcessor.Result run(List<ProcessingOption> options, String line) {
        byte[] b = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        return new RecordProcessor(options, CLOCK).process(b, 2, b.length - 2, 7);
    }

    private static String text(RecordProcessor.Result r) {
        return new String(r.data(), StandardCharsets.UTF_8);
    }

    @Test
    void process_noOptions_sendsTheLineWithItsNewline() {
        assertThat(text(run(List.of(), "hello"))).isEqualTo("hello\n");
    }

    @Test
    void process_logToJsonCombined_isTheAgentsOutput() {
        RecordProcessor.Result r = run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMBINEDAPACHELOG, null,
                null, false)), COMBINED);
        assertThat(text(r)).isEqualTo("{\"host\":\"123.45.67.89\",\"ident\":null,\"authuser\":null,"
                + "\"datetime\":\"27/Oct/2000:09:27:09 -0400\",\"request\":\"GET /java/javaResources.html HTTP/1.0\","
                + "\"response\":\"200\",\"bytes\":\"10450\",\"referer\":null,"
                + "\"agent\":\"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"}\n");
    }

    @Test
    void process_logToJsonRejects_giveAReasonAndNoData() {
        RecordProcessor.Result r = run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMMONAPACHELOG, null,
                null, false)), "not a log line");
        assertThat(r.data()).isNull();
        assertThat(r.rejectReason()).startsWith("LOGTOJSON: ");
        RecordProcessor.Result chained = run(List.of(new ProcessingOption.SingleLine(),
                new ProcessingOption.LogToJson(ApacheLogFormat.COMMONAPACHELOG, null, null, false)), "bad");
        assertThat(chained.rejectReason()).startsWith("LOGTOJSON: ");
    }

    @Test
    void process_customFieldNames_renameTheDefaultFields() {
        RecordProcessor.Result r = run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMMONAPACHELOG, null,
                List.of("h", "i", "u", "t", "r", "s", "b"), false)), COMBINED);
        assertThat(text(r)).isEqualTo("{\"h\":\"123.45.67.89\",\"i\":null,\"u\":null,\"t\":\"27/Oct/2000:09:27:09 -0400\","
                + "\"r\":\"GET /java/javaResources.html HTTP/1.0\",\"s\":\"200\",\"b\":\"10450\"}\n");
    }

    @Test
    void process_matchPattern_namesTheGroupsAndMapsDashToNull() {
        List<ProcessingOption> o = List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMMONAPACHELOG,
                Pattern.compile("^(\\S+) (\\S+) (\\S+).*"), List.of("host", "ident", "user", "extra"), false));
        assertThat(text(run(o, COMBINED))).isEqualTo("{\"host\":\"123.45.67.89\",\"ident\":null,\"user\":null,"
                + "\"extra\":null}\n");
        assertThat(run(o, "nospace").rejectReason()).contains("matchPattern");
    }

    @Test
    void process_prettyPrint_indents() {
        String out = text(run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMMONAPACHELOG, null, null, true)),
                COMBINED));
        assertThat(out).startsWith("{\n  \"host\" : \"123.45.67.89\",").endsWith("}\n");
    }

    @Test
    void process_singleLine_removesLineBreaksAndTheirIndentation() {
        assertThat(text(run(List.of(new ProcessingOption.SingleLine()), "  a\n    b\r\n c  "))).isEqualTo("abc\n");
    }

    @Test
    void process_addMetadata_wrapsJsonAsObjectAndTextAsString() {
        ProcessingOption meta = new ProcessingOption.AddMetadata(Map.of("env", "prod"), true);
        assertThat(text(run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMMONAPACHELOG, null, null, false),
                meta), COMBINED))).startsWith("{\"metadata\":{\"env\":\"prod\"},\"data\":{\"host\":\"123.45.67.89\"")
                .endsWith(",\"ts\":\"2026-11-26T00:00:00Z\"}\n");
        assertThat(text(run(List.of(new ProcessingOption.AddMetadata(Map.of(), false)), "plain")))
                .isEqualTo("{\"metadata\":{},\"data\":\"plain\"}\n");
        assertThat(text(run(List.of(new ProcessingOption.AddMetadata(Map.of(), false)), "{broken")))
                .isEqualTo("{\"metadata\":{},\"data\":\"{broken\"}\n");
        assertThat(meta.optionName()).isEqualTo("ADDMETADATA");
        assertThat(new ProcessingOption.SingleLine().optionName()).isEqualTo("SINGLELINE");
    }

    @Test
    void process_lenientQuotesKey_acceptsARawQuoteInTheRequest() {
        String line = "1.2.3.4 - - [27/Oct/2000:09:27:09 -0400] \"GET /a\"b HTTP/1.1\" 200 5 \"-\" \"-\"";
        assertThat(run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMBINEDAPACHELOG, null, null, false)),
                line).data()).isNull();
        RecordProcessor.Result r = run(List.of(new ProcessingOption.LogToJson(ApacheLogFormat.COMBINEDAPACHELOG,
                null, null, false, true)), line);
        assertThat(text(r)).contains("\"request\":\"GET /a\\\"b HTTP/1.1\"");
    }

    @Test
    void process_vhostLinesUnderCombined_layoutHintNamesTheFormat() {
        RecordProcessor p = new RecordProcessor(List.of(new ProcessingOption.LogToJson(
                ApacheLogFormat.COMBINEDAPACHELOG, null, null, false)), CLOCK);
        byte[] ok = COMBINED.getBytes(StandardCharsets.UTF_8);
        p.process(ok, 0, ok.length, 1);
        assertThat(p.layoutHint()).isNull();
        byte[] vhost = ("www.example.com:80 " + COMBINED).getBytes(StandardCharsets.UTF_8);
        assertThat(p.process(vhost, 0, vhost.length, 2).data()).isNotNull();
        assertThat(p.layoutHint()).contains("--format vhost_combined").contains("line 2");
    }

    @Test
    void process_doubleSpaceAfterHost_layoutHintNamesEmptyIdentAndSpacedUser() {
        RecordProcessor p = new RecordProcessor(List.of(new ProcessingOption.LogToJson(
                ApacheLogFormat.COMBINEDAPACHELOG, null, null, false)), CLOCK);
        byte[] spaced = COMBINED.replaceFirst(" ", "  ").getBytes(StandardCharsets.UTF_8);
        assertThat(p.process(spaced, 0, spaced.length, 7).data()).isNotNull();
        assertThat(p.layoutHint()).startsWith("1 parsed line(s) have an empty ident or a user name with spaces")
                .contains("line 7: ident '', authuser '- -'").contains("check --format");
    }
}
