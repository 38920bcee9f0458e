package io.logpipe.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exported objects, one by one, against the saved-object format of Kibana 7.10 and OpenSearch
 * Dashboards 2.x: the top-level fields of an exported object, and for each type the attributes its
 * mapping declares (the {@code .kibana} / {@code .opensearch_dashboards} index maps dashboards and
 * visualizations strictly, so an unknown attribute fails the import).
 */
final class SavedObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fields of one exported saved object (export API / saved-object document). */
    private static final Set<String> OBJECT_FIELDS = Set.of("type", "id", "attributes", "references",
            "migrationVersion", "updated_at", "version", "namespaces");
    /** The index-pattern type's attributes (Kibana 7.10 mapping; OpenSearch Dashboards maps it non-strictly). */
    private static final Set<String> INDEX_PATTERN_ATTRIBUTES = Set.of("title", "timeFieldName", "fields",
            "fieldFormatMap", "sourceFilters", "intervalName", "notExpandable", "type", "typeMeta");
    /** The visualization type's mapping. */
    private static final Set<String> VISUALIZATION_ATTRIBUTES = Set.of("description", "kibanaSavedObjectMeta",
            "savedSearchRefName", "title", "uiStateJSON", "version", "visState");
    /** The dashboard type's mapping. */
    private static final Set<String> DASHBOARD_ATTRIBUTES = Set.of("description", "hits", "kibanaSavedObjectMeta",
            "optionsJSON", "panelsJSON", "refreshInterval", "timeFrom", "timeRestore", "timeTo", "title", "version");
    /** What an index pattern's {@code fields} entry carries in 7.10. */
    private static final Set<String> FIELD_KEYS = Set.of("name", "type", "esTypes", "count", "scripted", "searchable",
            "aggregatable", "readFromDocValues");

    private static List<JsonNode> objects(SavedObjects.Flavor flavor) throws Exception {
        String ndjson = SavedObjects.ndjson(flavor, SavedObjects.DEFAULT_INDEX_PATTERN);
        assertThat(ndjson).endsWith("\n").doesNotContain("\r");
        List<JsonNode> objects = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            assertThat(line).as("one object per line").startsWith("{").endsWith("}");
            objects.add(JSON.readTree(line));
        }
        return objects;
    }

    @ParameterizedTest
    @EnumSource(SavedObjects.Flavor.class)
    void ndjson_threeObjectsWithFieldsOfTheExportFormat(SavedObjects.Flavor flavor) throws Exception {
        List<JsonNode> objects = objects(flavor);
        assertThat(objects).extracting(o -> o.path("type").asText())
                .containsExactly("index-pattern", "visualization", "dashboard");
        for (JsonNode o : objects) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsAll(List.of("type", "id", "attributes", "references")).isSubsetOf(OBJECT_FIELDS);
            assertThat(o.path("id").asText()).matches("[a-z0-9-]+");
            assertThat(o.path("references").isArray()).isTrue();
            assertThat(o.path("attributes").path("title").asText()).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(SavedObjects.Flavor.class)
    void indexPattern_titleTimeFieldAndFields(SavedObjects.Flavor flavor) throws Exception {
        JsonNode o = objects(flavor).get(0);
        assertThat(o.path("id").asText()).isEqualTo(SavedObjects.INDEX_PATTERN_ID);
        assertThat(o.path("migrationVersion").path("index-pattern").asText()).isEqualTo("7.6.0");
        JsonNode a = o.path("attributes");
        assertThat(names(a)).isSubsetOf(INDEX_PATTERN_ATTRIBUTES);
        assertThat(a.path("title").asText()).isEqualTo("request_data*");
        assertThat(a.path("timeFieldName").asText()).isEqualTo("DATETIME");
        assertThat(JSON.readTree(a.path("fieldFormatMap").asText()).isObject()).isTrue();
        JsonNode fields = JSON.readTree(a.path("fields").asText());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode f : fields) {
            assertThat(names(f)).isSubsetOf(FIELD_KEYS).contains("name", "type", "count", "scripted", "searchable",
                    "aggregatable", "readFromDocValues");
            byName.put(f.path("name").asText(), f);
        }
        assertThat(byName.get("DATETIME").path("type").asText()).isEqualTo("date");
        assertThat(byName.get("STATUS").path("type").asText()).isEqualTo("number");
        assertThat(byName.get("STATUSCOUNT").path("type").asText()).isEqualTo("number");
        for (String n : List.of("DATETIME", "STATUS", "STATUSCOUNT")) {
            assertThat(byName.get(n).path("aggregatable").asBoolean()).as(n).isTrue();
            assertThat(byName.get(n).path("searchable").asBoolean()).as(n).isTrue();
        }
        assertThat(o.path("references")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SavedObjects.Flavor.class)
    void visualization_lineChartOfTheTutorialReferencingTheIndexPattern(SavedObjects.Flavor flavor) throws Exception {
        JsonNode o = objects(flavor).get(1);
        assertThat(o.path("id").asText()).isEqualTo(SavedObjects.VISUALIZATION_ID);
        assertThat(o.path("migrationVersion").path("visualization").asText()).isEqualTo("7.10.0");
        JsonNode a = o.path("attributes");
        assertThat(names(a)).isSubsetOf(VISUALIZATION_ATTRIBUTES).contains("visState", "kibanaSavedObjectMeta");
        assertThat(JSON.readTree(a.path("uiStateJSON").asText()).isObject()).isTrue();
        assertThat(a.path("description").asText()).contains(flavor.product());

        JsonNode vis = JSON.readTree(a.path("visState").asText());
        assertThat(vis.path("title").asText()).isEqualTo(a.path("title").asText());
        assertThat(vis.path("type").asText()).isEqualTo("line");
        assertThat(vis.path("params").path("type").asText()).isEqualTo("line");
        JsonNode aggs = vis.path("aggs");
        assertThat(aggs).hasSize(3);
        assertAgg(aggs.get(0), "sum", "metric", "STATUSCOUNT");
        assertAgg(aggs.get(1), "date_histogram", "segment", "DATETIME");
        assertThat(aggs.get(1).path("params").path("interval").asText()).isEqualTo("m");
        assertAgg(aggs.get(2), "terms", "group", "STATUS");
        assertThat(aggs.get(2).path("params").path("orderBy").asText()).as("ordered by the sum")
                .isEqualTo(aggs.get(0).path("id").asText());
        assertThat(vis.path("params").path("seriesParams").get(0).path("data").path("id").asText())
                .isEqualTo(aggs.get(0).path("id").asText());
        assertThat(vis.path("params").path("seriesParams").get(0).path("valueAxis").asText())
                .isEqualTo(vis.path("params").path("valueAxes").get(0).path("id").asText());

        JsonNode search = JSON.readTree(a.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
        assertThat(search.path("query").path("language").asText()).isEqualTo("kuery");
        assertThat(search.has("index")).as("the index goes through a reference, not an id").isFalse();
        String ref = search.path("indexRefName").asText();
        JsonNode reference = reference(o, ref);
        assertThat(reference.path("type").asText()).isEqualTo("index-pattern");
        assertThat(reference.path("id").asText()).isEqualTo(SavedObjects.INDEX_PATTERN_ID);
    }

    @ParameterizedTest
    @EnumSource(SavedObjects.Flavor.class)
    void dashboard_onePanelReferencingTheVisualizationLastHourRefreshing(SavedObjects.Flavor flavor) throws Exception {
        JsonNode o = objects(flavor).get(2);
        assertThat(o.path("id").asText()).isEqualTo(SavedObjects.DASHBOARD_ID);
        assertThat(o.path("migrationVersion").path("dashboard").asText()).isEqualTo("7.9.3");
        JsonNode a = o.path("attributes");
        assertThat(names(a)).isSubsetOf(DASHBOARD_ATTRIBUTES);
        JsonNode panels = JSON.readTree(a.path("panelsJSON").asText());
        assertThat(panels).hasSize(1);
        JsonNode panel = panels.get(0);
        assertThat(names(panel.path("gridData"))).containsExactlyInAnyOrder("x", "y", "w", "h", "i");
        assertThat(panel.path("gridData").path("i").asText()).isEqualTo(panel.path("panelIndex").asText());
        assertThat(panel.has("id")).as("the visualization goes through a reference").isFalse();
        JsonNode reference = reference(o, panel.path("panelRefName").asText());
        assertThat(reference.path("type").asText()).isEqualTo("visualization");
        assertThat(reference.path("id").asText()).isEqualTo(SavedObjects.VISUALIZATION_ID);
        assertThat(JSON.readTree(a.path("optionsJSON").asText()).path("useMargins").asBoolean()).isTrue();
        assertThat(a.path("timeRestore").asBoolean()).isTrue();
        assertThat(a.path("timeFrom").asText()).isEqualTo("now-1h");
        assertThat(a.path("timeTo").asText()).isEqualTo("now");
        assertThat(a.path("refreshInterval").path("pause").asBoolean()).isFalse();
        assertThat(a.path("refreshInterval").path("value").asInt()).isPositive();
        assertThat(JSON.readTree(a.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText()).path("filter").isArray())
                .isTrue();
    }

    @Test
    void ndjson_flavorsDifferOnlyInDescriptions() throws Exception {
        List<JsonNode> osd = objects(SavedObjects.Flavor.OPENSEARCH_DASHBOARDS);
        List<JsonNode> kibana = objects(SavedObjects.Flavor.KIBANA);
        for (int i = 0; i < 3; i++) {
            JsonNode a = osd.get(i).deepCopy();
            JsonNode b = kibana.get(i).deepCopy();
            ((ObjectNode) a.path("attributes")).remove("description");
            ((ObjectNode) b.path("attributes")).remove("description");
            assertThat(a).isEqualTo(b);
        }
    }

    @Test
    void ndjson_otherPatternAndBadPattern() throws Exception {
        String custom = SavedObjects.ndjson(SavedObjects.Flavor.KIBANA, "request_data-2026*");
        assertThat(JSON.readTree(custom.split("\n")[0]).path("attributes").path("title").asText())
                .isEqualTo("request_data-2026*");
        assertThatThrownBy(() -> SavedObjects.ndjson(SavedObjects.Flavor.KIBANA, "Request\"Data"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index pattern 'Request\"Data'");
    }

    @Test
    void flavor_namesHeadersAndImportCommand() {
        assertThat(SavedObjects.Flavor.of("OpenSearch-Dashboards")).isEqualTo(SavedObjects.Flavor.OPENSEARCH_DASHBOARDS);
        assertThat(SavedObjects.Flavor.of("kibana").xsrfHeader()).isEqualTo("kbn-xsrf");
        assertThat(SavedObjects.Flavor.OPENSEARCH_DASHBOARDS.xsrfHeader()).isEqualTo("osd-xsrf");
        assertThatThrownBy(() -> SavedObjects.Flavor.of("grafana"))
                .hasMessage("flavor must be opensearch-dashboards or kibana, was 'grafana'");
        assertThat(SavedObjects.importCommand(SavedObjects.Flavor.OPENSEARCH_DASHBOARDS, "https://search-x.us-east-1.es.amazonaws.com/_dashboards", "r.ndjson"))
                .isEqualTo("curl -X POST 'https://search-x.us-east-1.es.amazonaws.com/_dashboards/api/saved_objects/_import"
                        + "?overwrite=true' -H 'osd-xsrf: true' --form file=@r.ndjson");
    }

    private static void assertAgg(JsonNode agg, String type, String schema, String field) {
        assertThat(agg.path("type").asText()).isEqualTo(type);
        assertThat(agg.path("schema").asText()).isEqualTo(schema);
        assertThat(agg.path("enabled").asBoolean()).isTrue();
        assertThat(agg.path("params").path("field").asText()).isEqualTo(field);
    }

    private static JsonNode reference(JsonNode o, String name) {
        for (JsonNode r : o.path("references")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no reference named " + name + " in " + o.path("references"));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
