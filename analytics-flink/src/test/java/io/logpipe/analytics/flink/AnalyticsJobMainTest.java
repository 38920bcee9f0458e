package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.analytics.KinesisAnalyticsRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AnalyticsJobMainTest {

    @TempDir
    Path dir;

    @Test
    void split_semicolonsInQuotesAndComments_stayInsideStatements() {
        List<String> statements = AnalyticsJobMain.split("-- setup; not a statement\n"
                + "CREATE TABLE `a;b` (x STRING) WITH ('path' = 'x;y');\n\n"
                + "INSERT INTO \"q;\" SELECT 'it''s;' FROM t ;\n-- trailing comment;\n");

        assertThat(statements).containsExactly(
                "-- setup; not a statement\nCREATE TABLE `a;b` (x STRING) WITH ('path' = 'x;y')",
                "INSERT INTO \"q;\" SELECT 'it''s;' FROM t");
    }

    @Test
    void statements_fromManagedFlinkProperties_inNumericOrder() throws Exception {
        Path props = dir.resolve("application_properties.json");
        Files.writeString(props, "[{\"PropertyGroupId\":\"other\",\"PropertyMap\":{\"statement.1\":\"no\"}},"
                + "{\"PropertyGroupId\":\"" + KinesisAnalyticsRequests.SQL_PROPERTY_GROUP + "\",\"PropertyMap\":"
                + "{\"statement.10\":\"third\",\"statement.2\":\"second\",\"statement.1\":\"first\",\"x\":\"y\"}}]");

        assertThat(AnalyticsJobMain.statements(new String[] {"--properties-file", props.toString()}))
                .containsExactly("first", "second", "third");
    }

    @Test
    void statements_fromArgumentsAndRequests_roundTrip() throws Exception {
        Map<String, String> properties = KinesisAnalyticsRequests.statementProperties(List.of("CREATE a", "INSERT b"));

        assertThat(AnalyticsJobMain.statements(new String[] {"--statement", properties.get("statement.1"),
                "--statement", properties.get("statement.2")})).containsExactly("CREATE a", "INSERT b");
    }

    @Test
    void statements_badArguments_explainWhatIsMissing() {
        assertThatThrownBy(() -> AnalyticsJobMain.statements(new String[] {"--sql"}))
                .hasMessage("option --sql needs a value");
        assertThatThrownBy(() -> AnalyticsJobMain.statements(new String[] {"--bogus", "x"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> AnalyticsJobMain.statements(
                        new String[] {"--properties-file", dir.resolve("missing.json").toString()}))
                .hasMessageContaining("no SQL statements");
    }

    @Test
    void resultRow_toJson_keepsOrderTypesAndIsoTimes() throws Exception {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("DATETIME", "2026-11-25T10:00:00.000Z");
        fields.put("STATUS", 200);
        fields.put("STATUSCOUNT", 12L);
        fields.put("AT", java.time.Instant.parse("2026-11-25T10:01:00Z"));
        fields.put("NOTHING", null);
        ResultRow row = new ResultRow(fields);
        Path file = dir.resolve("sub/results.json");

        try (JsonLinesSink sink = JsonLinesSink.create(file)) {
            sink.accept(row);
            sink.accept(row);
        }

        String json = "{\"DATETIME\":\"2026-11-25T10:00:00.000Z\",\"STATUS\":200,\"STATUSCOUNT\":12,"
                + "\"AT\":\"2026-11-25T10:01:00Z\",\"NOTHING\":null}";
        assertThat(row.toJson()).isEqualTo(json);
        assertThat(Files.readAllLines(file)).containsExactly(json, json);
    }
}
