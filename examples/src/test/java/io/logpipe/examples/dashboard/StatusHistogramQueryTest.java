package io.logpipe.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StatusHistogramQueryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-03T10:42:31.500Z");

    @Test
    void window_lastHour_sixtyMinuteBucketsEndingWithTheMinuteOfNow() {
        StatusHistogramQuery.Window w = StatusHistogramQuery.window(TimeRange.LAST_HOUR, NOW);
        assertThat(w.first()).isEqualTo(Instant.parse("2026-12-03T09:43:00Z"));
        assertThat(w.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(w.count()).isEqualTo(60);
        assertThat(w.end()).isEqualTo(Instant.parse("2026-12-03T10:43:00Z"));
        assertThat(w.indexOf(Instant.parse("2026-12-03T10:42:00Z").toEpochMilli())).isEqualTo(59);
        assertThat(w.indexOf(Instant.parse("2026-12-03T09:42:00Z").toEpochMilli())).isEqualTo(-1);
        assertThat(w.indexOf(Instant.parse("2026-12-03T10:43:00Z").toEpochMilli())).isEqualTo(-1);
        assertThat(w.indexOf(Instant.parse("2026-12-03T10:00:30Z").toEpochMilli())).as("not a bucket start").isEqualTo(-1);
    }

    @Test
    void window_fixedRanges_oneBucketPerMinute() {
        assertThat(StatusHistogramQuery.window(TimeRange.LAST_15_MINUTES, NOW).count()).isEqualTo(15);
        assertThat(StatusHistogramQuery.window(TimeRange.LAST_24_HOURS, NOW).count()).isEqualTo(1440);
        assertThatThrownBy(() -> StatusHistogramQuery.window(TimeRange.ALL, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depends on the data");
    }

    @Test
    void windowFor_spans_finestIntervalWithinMaxBuckets() {
        Instant min = Instant.parse("2026-12-01T00:00:10Z");
        StatusHistogramQuery.Window shortSpan = StatusHistogramQuery.windowFor(min, min.plus(Duration.ofMinutes(3)));
        assertThat(shortSpan.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(shortSpan.first()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(shortSpan.count()).isEqualTo(4);

        StatusHistogramQuery.Window threeDays = StatusHistogramQuery.windowFor(min, min.plus(Duration.ofDays(3)));
        assertThat(threeDays.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(threeDays.count()).isEqualTo(3 * 24 * 12 + 1).isLessThanOrEqualTo(StatusHistogramQuery.MAX_BUCKETS);

        StatusHistogramQuery.Window centuries = StatusHistogramQuery.windowFor(Instant.EPOCH, Instant.parse("2400-01-01T00:00:00Z"));
        assertThat(centuries.count()).isEqualTo(StatusHistogramQuery.MAX_BUCKETS);
        assertThat(centuries.end()).isAfter(Instant.parse("2400-01-01T00:00:00Z"));

        assertThatThrownBy(() -> StatusHistogramQuery.windowFor(min, min.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
    }

    @Test
    void histogramBody_lastHour_isTheTutorialsAggregation() throws Exception {
        StatusHistogramQuery.Window w = StatusHistogramQuery.window(TimeRange.LAST_HOUR, NOW);
        JsonNode body = JSON.readTree(StatusHistogramQuery.histogramBody(w, StatusHistogramQuery.STATUS_FIELD));
        JsonNode expected = JSON.readTree("{\"size\":0,\"track_total_hits\":false,"
                + "\"query\":{\"range\":{\"DATETIME\":{\"gte\":" + Instant.parse("2026-12-03T09:43:00Z").toEpochMilli()
                + ",\"lt\":" + Instant.parse("2026-12-03T10:43:00Z").toEpochMilli() + ",\"format\":\"epoch_millis\"}}},"
                + "\"aggs\":{"
                + "\"t\":{\"date_histogram\":{\"field\":\"DATETIME\",\"fixed_interval\":\"1m\",\"min_doc_count\":1},"
                + "\"aggs\":{\"s\":{\"terms\":{\"field\":\"STATUS\",\"size\":30},"
                + "\"aggs\":{\"n\":{\"sum\":{\"field\":\"STATUSCOUNT\"}}}}}},"
                + "\"all\":{\"global\":{},\"aggs\":{\"newest\":{\"max\":{\"field\":\"DATETIME\"}}}}}}");
        assertThat(body).isEqualTo(expected);
        JsonNode keyword = JSON.readTree(StatusHistogramQuery.histogramBody(w, StatusHistogramQuery.STATUS_KEYWORD_FIELD));
        assertThat(keyword.at("/aggs/t/aggs/s/terms/field").asText()).isEqualTo("STATUS.keyword");
        assertThat(JSON.readTree(StatusHistogramQuery.histogramBody(StatusHistogramQuery.windowFor(NOW,
                NOW.plus(Duration.ofDays(3))), "STATUS")).at("/aggs/t/date_histogram/fixed_interval").asText()).isEqualTo("5m");
    }

    @Test
    void histogramBody_otherField_refused() {
        StatusHistogramQuery.Window w = StatusHistogramQuery.window(TimeRange.LAST_HOUR, NOW);
        assertThatThrownBy(() -> StatusHistogramQuery.histogramBody(w, "\"}, \"script\": {"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statusField must be STATUS");
    }

    @Test
    void spanBody_minAndMaxOfDatetime() throws Exception {
        assertThat(JSON.readTree(StatusHistogramQuery.spanBody())).isEqualTo(JSON.readTree(
                "{\"size\":0,\"aggs\":{\"oldest\":{\"min\":{\"field\":\"DATETIME\"}},\"newest\":{\"max\":{\"field\":\"DATETIME\"}}}}"));
        Instant[] span = StatusHistogramQuery.parseSpan(JSON.readTree(
                "{\"aggregations\":{\"oldest\":{\"value\":1000},\"newest\":{\"value\":61000}}}"));
        assertThat(span).containsExactly(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(61000));
        assertThat(StatusHistogramQuery.parseSpan(JSON.readTree(
                "{\"aggregations\":{\"oldest\":{\"value\":null},\"newest\":{\"value\":null}}}"))).isNull();
    }

    @Test
    void parse_answer_denseSeriesInStatusOrderWithZerosAndRoundedSums() throws Exception {
        StatusHistogramQuery.Window w = new StatusHistogramQuery.Window(Instant.ofEpochMilli(0), Duration.ofMinutes(1), 3);
        String answer = "{\"took\":3,\"_shards\":{\"total\":1},\"aggregations\":{"
                + "\"t\":{\"buckets\":["
                + "{\"key\":0,\"doc_count\":3,\"s\":{\"buckets\":["
                + "  {\"key\":404,\"doc_count\":1,\"n\":{\"value\":3.0}},"
                + "  {\"key\":200,\"doc_count\":2,\"n\":{\"value\":50.0}}]}},"
                + "{\"key\":120000,\"doc_count\":2,\"s\":{\"buckets\":["
                + "  {\"key\":200.0,\"doc_count\":1,\"n\":{\"value\":44.6}},"
                + "  {\"key\":1000,\"doc_count\":1,\"n\":{\"value\":1.0}},"
                + "  {\"key\":\"teapot\",\"doc_count\":1,\"n\":{\"value\":2.0}}]}},"
                + "{\"key\":999999999,\"doc_count\":1,\"s\":{\"buckets\":[{\"key\":200,\"n\":{\"value\":9.0}}]}}]},"
                + "\"all\":{\"doc_count\":9,\"newest\":{\"value\":120000,\"value_as_string\":\"1970-01-01T00:02:00.000Z\"}}}}";
        StatusHistogram h = StatusHistogramQuery.parse(JSON.readTree(answer), w);
        assertThat(h.series()).extracting(StatusHistogram.Series::status).containsExactly("200", "404", "1000", "teapot");
        assertThat(h.series().get(0).sums()).containsExactly(50, 0, 45);
        assertThat(h.series().get(1).sums()).containsExactly(3, 0, 0);
        assertThat(h.series().get(2).sums()).containsExactly(0, 0, 1);
        assertThat(h.total()).isEqualTo(50 + 45 + 3 + 1 + 2);
        assertThat(h.newest()).isEqualTo(Instant.ofEpochMilli(120000));
    }

    @Test
    void parse_noIndexMatched_emptyHistogram() throws Exception {
        StatusHistogramQuery.Window w = StatusHistogramQuery.window(TimeRange.LAST_15_MINUTES, NOW);
        StatusHistogram h = StatusHistogramQuery.parse(JSON.readTree(
                "{\"took\":0,\"timed_out\":false,\"_shards\":{\"total\":0,\"successful\":0},\"hits\":{\"hits\":[]}}"), w);
        assertThat(h.series()).isEmpty();
        assertThat(h.total()).isZero();
        assertThat(h.newest()).isNull();
    }

    @Test
    void parse_answerWithoutTheAggregation_refused() {
        StatusHistogramQuery.Window w = StatusHistogramQuery.window(TimeRange.LAST_15_MINUTES, NOW);
        assertThatThrownBy(() -> StatusHistogramQuery.parse(JSON.readTree("{\"_shards\":{\"total\":1},\"aggregations\":{}}"), w))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregations.t.buckets");
    }

    @Test
    void writeFields_statusWithQuotesAndMarkup_escapedAndCompact() throws Exception {
        StatusHistogramQuery.Window w = new StatusHistogramQuery.Window(Instant.ofEpochSecond(600), Duration.ofMinutes(1), 2);
        String nasty = "\"</script><img src=x onerror=alert(1)>\\\n";
        StatusHistogram h = new StatusHistogram(w, List.of(new StatusHistogram.Series("200", new long[] {1, 2}),
                new StatusHistogram.Series(nasty, new long[] {0, 5})), null);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            h.writeFields(g);
            g.writeEndObject();
        }
        assertThat(out.toString()).isEqualTo("{\"start\":600,\"step\":60,\"buckets\":2,\"total\":8,\"newest\":null,\"series\":["
                + "{\"status\":\"200\",\"total\":3,\"sums\":[1,2]},"
                + "{\"status\":\"\\\"</script><img src=x onerror=alert(1)>\\\\\\n\",\"total\":5,\"sums\":[0,5]}]}");
        assertThat(JSON.readTree(out.toString()).at("/series/1/status").asText()).isEqualTo(nasty);
    }

    @Test
    void histogram_seriesOfWrongLength_refused() {
        StatusHistogramQuery.Window w = new StatusHistogramQuery.Window(Instant.EPOCH, Duration.ofMinutes(1), 2);
        assertThatThrownBy(() -> new StatusHistogram(w, List.of(new StatusHistogram.Series("200", new long[3])), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 sums for 2 buckets");
        assertThatThrownBy(() -> new StatusHistogramQuery.Window(Instant.EPOCH, Duration.ofMinutes(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count must be 1..1500");
    }

    @Test
    void rangeOf_queryStrings_onlyOneKnownRange() {
        assertThat(DashboardServer.rangeOf(null)).isEqualTo(TimeRange.LAST_HOUR);
        assertThat(DashboardServer.rangeOf("")).isEqualTo(TimeRange.LAST_HOUR);
        assertThat(DashboardServer.rangeOf("range=15m")).isEqualTo(TimeRange.LAST_15_MINUTES);
        assertThat(DashboardServer.rangeOf("range=24h")).isEqualTo(TimeRange.LAST_24_HOURS);
        assertThat(DashboardServer.rangeOf("range=all")).isEqualTo(TimeRange.ALL);
        assertThatThrownBy(() -> DashboardServer.rangeOf("range=2h")).hasMessage("range must be one of 15m, 1h, 24h, all, was '2h'");
        assertThatThrownBy(() -> DashboardServer.rangeOf("range=%3Cscript%3E"))
                .hasMessage("range must be one of 15m, 1h, 24h, all, was '?script?'");
        assertThatThrownBy(() -> DashboardServer.rangeOf("range=1h&range=15m")).hasMessage("range is given twice");
        assertThatThrownBy(() -> DashboardServer.rangeOf("index=.kibana")).hasMessageContaining("the only parameter is range");
        assertThatThrownBy(() -> DashboardServer.rangeOf("range")).hasMessageContaining("was ''");
    }

    @Test
    void indexNames_check_acceptsNamesAndPatternsRefusesTheRest() {
        assertThat(IndexNames.check("index", "request_data")).isEqualTo("request_data");
        assertThat(IndexNames.check("index", "request_data*")).isEqualTo("request_data*");
        assertThat(IndexNames.check("index", "request_data-2026-12-03")).isEqualTo("request_data-2026-12-03");
        assertThatThrownBy(() -> IndexNames.check("--index", "Request_Data")).hasMessage("--index 'Request_Data' is not an "
                + "OpenSearch index name or pattern: it must be lowercase (for example request_data or request_data*)");
        assertThatThrownBy(() -> IndexNames.check("index", "")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> IndexNames.check("index", "..")).hasMessageContaining("'.' and '..'");
        assertThatThrownBy(() -> IndexNames.check("index", "_all")).hasMessageContaining("must not start with");
        assertThatThrownBy(() -> IndexNames.check("index", "a/../_cluster")).hasMessageContaining("only lowercase letters");
        assertThatThrownBy(() -> IndexNames.check("index", "a,b")).hasMessageContaining("only lowercase letters");
        assertThatThrownBy(() -> IndexNames.check("index", "a?b#c")).hasMessageContaining("only lowercase letters");
        assertThatThrownBy(() -> IndexNames.check("index", "x".repeat(256))).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> IndexNames.check("index", "a\nb")).hasMessageContaining("'a?b'");
    }
}
