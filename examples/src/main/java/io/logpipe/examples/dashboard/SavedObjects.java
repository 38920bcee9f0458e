package io.logpipe.examples.dashboard;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The tutorial's chart as saved objects for the real dashboards: an index pattern (time field
 * {@code DATETIME}), the line visualization (Sum of {@code STATUSCOUNT} over a date histogram of
 * {@code DATETIME}, lines split by Terms of {@code STATUS}) and a dashboard holding it, as the NDJSON
 * that {@code POST /api/saved_objects/_import} of OpenSearch Dashboards 2.x and Kibana 7.10 accepts.
 *
 * <p>Both products share the saved-object format of Kibana 7.10 (OpenSearch Dashboards forked from
 * it): the same types, attributes ({@code kibanaSavedObjectMeta}, {@code visState},
 * {@code panelsJSON}, …), references and {@code migrationVersion}s. The flavor decides the
 * anti-CSRF header the import needs ({@link Flavor#xsrfHeader()}) and the titles. The objects have
 * fixed ids, so importing again with {@code overwrite=true} updates them.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://www.elastic.co/guide/en/kibana/7.10/saved-objects-api-import.html">Kibana 7.10: import objects API</a>
 */
@API(status = EXPERIMENTAL)
public final class SavedObjects {

    /** The index pattern the tutorial's Kibana steps create (Firehose may rotate the index): {@value}. */
    public static final String DEFAULT_INDEX_PATTERN = "request_data*";
    /** The id of the index-pattern object: {@value}. */
    public static final String INDEX_PATTERN_ID = "logpipe-request-data";
    /** The id of the visualization object: {@value}. */
    public static final String VISUALIZATION_ID = "logpipe-requests-by-status";
    /** The id of the dashboard object: {@value}. */
    public static final String DASHBOARD_ID = "logpipe-log-analytics";

    /** The {@code migrationVersion} of an index pattern in the 7.10 format. */
    static final String INDEX_PATTERN_MIGRATION = "7.6.0";
    /** The {@code migrationVersion} of a visualization in the 7.10 format. */
    static final String VISUALIZATION_MIGRATION = "7.10.0";
    /** The {@code migrationVersion} of a dashboard in the 7.10 format (its last migration is 7.9.3). */
    static final String DASHBOARD_MIGRATION = "7.9.3";
    /** The panel version inside {@code panelsJSON}. */
    static final String PANEL_VERSION = "7.10.0";

    static final String SEARCH_SOURCE_INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Which product the objects are imported into. */
    public enum Flavor {
        /** OpenSearch Dashboards 2.x (and Amazon OpenSearch Service's, under {@code /_dashboards}). */
        OPENSEARCH_DASHBOARDS("opensearch-dashboards", "OpenSearch Dashboards", "osd-xsrf"),
        /** Kibana 7.10 (the last Kibana Amazon Elasticsearch Service ran). */
        KIBANA("kibana", "Kibana", "kbn-xsrf");

        private final String key;
        private final String product;
        private final String xsrfHeader;

        Flavor(String key, String product, String xsrfHeader) {
            this.key = key;
            this.product = product;
            this.xsrfHeader = xsrfHeader;
        }

        /**
         * Returns the command-line name, {@code opensearch-dashboards} or {@code kibana}.
         *
         * @return the name
         */
        public String key() {
            return key;
        }

        /**
         * Returns the product's name for people.
         *
         * @return for example "OpenSearch Dashboards"
         */
        public String product() {
            return product;
        }

        /**
         * Returns the header the import API requires (any value, usually {@code true}).
         *
         * @return {@code osd-xsrf} or {@code kbn-xsrf}
         */
        public String xsrfHeader() {
            return xsrfHeader;
        }

        /**
         * Returns the flavor with the given command-line name (case-insensitive).
         *
         * @param key {@code opensearch-dashboards} or {@code kibana}
         * @return the flavor
         * @throws IllegalArgumentException for any other name
         */
        public static Flavor of(String key) {
            for (Flavor f : values()) {
                if (f.key.equals(key.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("flavor must be opensearch-dashboards or kibana, was '" + key + "'");
        }
    }

    private SavedObjects() {
    }

    /**
     * Returns the NDJSON saved objects: one line each for the index pattern, the visualization and
     * the dashboard, each ending with a newline.
     *
     * @param flavor the product they are imported into
     * @param indexPattern the pattern of the aggregated indices, usually {@value #DEFAULT_INDEX_PATTERN}
     * @return the NDJSON text
     * @throws IllegalArgumentException when the pattern is not a valid index name or pattern
     */
    public static String ndjson(Flavor flavor, String indexPattern) {
        Objects.requireNonNull(flavor, "flavor");
        IndexNames.check("index pattern", Objects.requireNonNull(indexPattern, "indexPattern"));
        return line(indexPattern(indexPattern)) + line(visualization(flavor)) + line(dashboard(flavor));
    }

    /**
     * Returns the shell command that imports the file, for the README and the command's hint.
     *
     * @param flavor the product
     * @param baseUrl the product's address, for example {@code http://localhost:5601}, or
     *     {@code https://DOMAIN-ENDPOINT/_dashboards} on Amazon OpenSearch Service
     * @param file the NDJSON file
     * @return a {@code curl} command line
     */
    public static String importCommand(Flavor flavor, String baseUrl, String file) {
        return "curl -X POST '" + baseUrl + "/api/saved_objects/_import?overwrite=true' -H '" + flavor.xsrfHeader()
                + ": true' --form file=@" + file;
    }

    static ObjectNode indexPattern(String pattern) {
        ObjectNode o = object("index-pattern", INDEX_PATTERN_ID, INDEX_PATTERN_MIGRATION);
        ObjectNode a = o.putObject("attributes");
        a.put("title", pattern);
        a.put("timeFieldName", StatusHistogramQuery.TIME_FIELD);
        ArrayNode fields = MAPPER.createArrayNode();
        field(fields, "_id", "string", "_id", false, true, false);
        field(fields, "_index", "string", "_index", false, true, false);
        field(fields, "_score", "number", null, false, false, false);
        field(fields, "_source", "_source", "_source", false, false, false);
        field(fields, "_type", "string", "_type", false, true, false);
        field(fields, StatusHistogramQuery.TIME_FIELD, "date", "date", true, true, true);
        field(fields, StatusHistogramQuery.STATUS_FIELD, "number", "integer", true, true, true);
        field(fields, StatusHistogramQuery.COUNT_FIELD, "number", "long", true, true, true);
        a.put("fields", json(fields));
        a.put("fieldFormatMap", "{}");
        o.putArray("references");
        return o;
    }

    private static void field(ArrayNode fields, String name, String type, @Nullable String esType,
            boolean searchable, boolean aggregatable, boolean docValues) {
        ObjectNode f = fields.addObject();
        f.put("name", name);
        f.put("type", type);
        if (esType != null) {
            f.putArray("esTypes").add(esType);
        }
        f.put("count", 0);
        f.put("scripted", false);
        f.put("searchable", searchable || name.equals("_id") || name.equals("_index") || name.equals("_type"));
        f.put("aggregatable", aggregatable);
        f.put("readFromDocValues", docValues);
    }

    static ObjectNode visualization(Flavor flavor) {
        String title = "Requests per minute by HTTP status";
        ObjectNode o = object("visualization", VISUALIZATION_ID, VISUALIZATION_MIGRATION);
        ObjectNode a = o.putObject("attributes");
        a.put("title", title);
        a.put("description", "Sum of STATUSCOUNT over a date histogram of DATETIME, one line per STATUS: "
                + "step 7 of the log analytics tutorial, written by logpipe for " + flavor.product() + ".");
        a.put("version", 1);
        a.put("uiStateJSON", "{}");
        a.put("visState", json(visState(title)));
        ObjectNode search = MAPPER.createObjectNode();
        ObjectNode query = search.putObject("query");
        query.put("query", "");
        query.put("language", "kuery");
        search.putArray("filter");
        search.put("indexRefName", SEARCH_SOURCE_INDEX_REF);
        a.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", json(search));
        reference(o.putArray("references"), SEARCH_SOURCE_INDEX_REF, "index-pattern", INDEX_PATTERN_ID);
        return o;
    }

    static ObjectNode visState(String title) {
        ObjectNode v = MAPPER.createObjectNode();
        v.put("title", title);
        v.put("type", "line");
        ArrayNode aggs = v.putArray("aggs");
        agg(aggs, "1", "sum", "metric").put("field", StatusHistogramQuery.COUNT_FIELD);
        ObjectNode hp = agg(aggs, "2", "date_histogram", "segment");
        hp.put("field", StatusHistogramQuery.TIME_FIELD);
        hp.put("useNormalizedEsInterval", true);
        hp.put("scaleMetricValues", false);
        hp.put("interval", "m");   // the tutorial's one-minute window
        hp.put("drop_partials", false);
        hp.put("min_doc_count", 1);
        hp.putObject("extended_bounds");
        ObjectNode tp = agg(aggs, "3", "terms", "group");   // "Split series" in the editor
        tp.put("field", StatusHistogramQuery.STATUS_FIELD);
        tp.put("orderBy", "1");
        tp.put("order", "desc");
        tp.put("size", 20);
        tp.put("otherBucket", false);
        tp.put("otherBucketLabel", "Other");
        tp.put("missingBucket", false);
        tp.put("missingBucketLabel", "Missing");

        ObjectNode p = v.putObject("params");
        p.put("type", "line");
        p.putObject("grid").put("categoryLines", false);
        ObjectNode category = p.putArray("categoryAxes").addObject();
        category.put("id", "CategoryAxis-1");
        category.put("type", "category");
        category.put("position", "bottom");
        category.put("show", true);
        category.putObject("style");
        category.putObject("scale").put("type", "linear");
        ObjectNode cl = category.putObject("labels");
        cl.put("show", true);
        cl.put("filter", true);
        cl.put("truncate", 100);
        category.putObject("title");
        ObjectNode value = p.putArray("valueAxes").addObject();
        value.put("id", "ValueAxis-1");
        value.put("name", "LeftAxis-1");
        value.put("type", "value");
        value.put("position", "left");
        value.put("show", true);
        value.putObject("style");
        ObjectNode vs = value.putObject("scale");
        vs.put("type", "linear");
        vs.put("mode", "normal");
        ObjectNode vl = value.putObject("labels");
        vl.put("show", true);
        vl.put("rotate", 0);
        vl.put("filter", false);
        vl.put("truncate", 100);
        value.putObject("title").put("text", "Sum of " + StatusHistogramQuery.COUNT_FIELD);
        ObjectNode series = p.putArray("seriesParams").addObject();
        series.put("show", true);
        series.put("type", "line");
        series.put("mode", "normal");
        ObjectNode data = series.putObject("data");
        data.put("label", "Sum of " + StatusHistogramQuery.COUNT_FIELD);
        data.put("id", "1");
        series.put("valueAxis", "ValueAxis-1");
        series.put("drawLinesBetweenPoints", true);
        series.put("lineWidth", 2);
        series.put("interpolate", "linear");
        series.put("showCircles", true);
        p.put("addTooltip", true);
        p.put("addLegend", true);
        p.put("legendPosition", "right");
        p.putArray("times");
        p.put("addTimeMarker", false);
        p.putObject("labels");
        ObjectNode threshold = p.putObject("thresholdLine");
        threshold.put("show", false);
        threshold.put("value", 10);
        threshold.put("width", 1);
        threshold.put("style", "full");
        threshold.put("color", "#E7664C");
        return v;
    }

    /** Adds an aggregation and returns its {@code params}. */
    private static ObjectNode agg(ArrayNode aggs, String id, String type, String schema) {
        ObjectNode a = aggs.addObject();
        a.put("id", id);
        a.put("enabled", true);
        a.put("type", type);
        a.put("schema", schema);
        return a.putObject("params");
    }

    static ObjectNode dashboard(Flavor flavor) {
        ObjectNode o = object("dashboard", DASHBOARD_ID, DASHBOARD_MIGRATION);
        ObjectNode a = o.putObject("attributes");
        a.put("title", "logpipe: web log analytics");
        a.put("description", "The log analytics tutorial's result in " + flavor.product()
                + ": requests per minute by HTTP status from the aggregated index.");
        a.put("hits", 0);
        a.put("version", 1);
        ArrayNode panels = MAPPER.createArrayNode();
        ObjectNode panel = panels.addObject();
        panel.put("version", PANEL_VERSION);
        ObjectNode grid = panel.putObject("gridData");
        grid.put("x", 0);
        grid.put("y", 0);
        grid.put("w", 48);
        grid.put("h", 20);
        grid.put("i", "1");
        panel.put("panelIndex", "1");
        panel.putObject("embeddableConfig");
        panel.put("panelRefName", "panel_0");
        a.put("panelsJSON", json(panels));
        ObjectNode options = MAPPER.createObjectNode();
        options.put("hidePanelTitles", false);
        options.put("useMargins", true);
        a.put("optionsJSON", json(options));
        a.put("timeRestore", true);
        a.put("timeFrom", "now-1h");
        a.put("timeTo", "now");
        ObjectNode refresh = a.putObject("refreshInterval");
        refresh.put("pause", false);
        refresh.put("value", 10_000);
        ObjectNode search = MAPPER.createObjectNode();
        ObjectNode query = search.putObject("query");
        query.put("query", "");
        query.put("language", "kuery");
        search.putArray("filter");
        a.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", json(search));
        reference(o.putArray("references"), "panel_0", "visualization", VISUALIZATION_ID);
        return o;
    }

    private static ObjectNode object(String type, String id, String migration) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", type);
        o.put("id", id);
        o.putObject("migrationVersion").put(type, migration);
        return o;
    }

    private static void reference(ArrayNode references, String name, String type, String id) {
        ObjectNode r = references.addObject();
        r.put("name", name);
        r.put("type", type);
        r.put("id", id);
    }

    private static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(ObjectNode o) {
        return json(o) + "\n";
    }
}
