package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A composable index template ({@code PUT _index_template/<name>}, OpenSearch 1+ and
 * Elasticsearch 7.8+) to install with {@link BulkSink#installTemplate(IndexTemplate)} before
 * indexing, so the first document does not decide the mapping.
 *
 * @param name the template name
 * @param body the template JSON ({@code index_patterns}, {@code template.mappings}, …)
 */
@API(status = STABLE)
public record IndexTemplate(String name, String body) {

    /** Checks the components. */
    public IndexTemplate {
        requireNonNull(name, "name");
        requireNonNull(body, "body");
    }

    /**
     * Returns the template for the tutorial's aggregates: {@code DATETIME} a date (ISO-8601 with
     * or without zone, or {@code yyyy-MM-dd HH:mm:ss.SSS} as Kinesis Analytics wrote it),
     * {@code STATUS} an integer and {@code STATUSCOUNT} a long.
     *
     * @param indexPattern the indices it applies to, for example {@code request_data*}
     * @return the template named {@code logpipe-request-data}
     */
    public static IndexTemplate requestData(String indexPattern) {
        return new IndexTemplate("logpipe-request-data", "{\"index_patterns\":[" + quote(indexPattern) + "],"
                + "\"template\":{\"settings\":{\"number_of_replicas\":0},\"mappings\":{\"properties\":{"
                + "\"DATETIME\":{\"type\":\"date\",\"format\":\"strict_date_optional_time||yyyy-MM-dd HH:mm:ss.SSS||epoch_millis\"},"
                + "\"STATUS\":{\"type\":\"integer\"},"
                + "\"STATUSCOUNT\":{\"type\":\"long\"}}}}}");
    }

    /**
     * Returns the template for raw access-log documents in the Kinesis Agent's LOGTOJSON shape:
     * {@code datetime} a date in CLF format, {@code response} an integer, {@code bytes} a long,
     * {@code host}, {@code ident}, {@code authuser} and {@code referer} keywords, {@code request}
     * and {@code agent} text with a keyword sub-field.
     *
     * @param indexPattern the indices it applies to, for example {@code access-logs*}
     * @return the template named {@code logpipe-access-log}
     */
    public static IndexTemplate accessLog(String indexPattern) {
        return new IndexTemplate("logpipe-access-log", "{\"index_patterns\":[" + quote(indexPattern) + "],"
                + "\"template\":{\"settings\":{\"number_of_replicas\":0},\"mappings\":{\"properties\":{"
                + "\"host\":{\"type\":\"keyword\"},"
                + "\"ident\":{\"type\":\"keyword\"},"
                + "\"authuser\":{\"type\":\"keyword\"},"
                + "\"datetime\":{\"type\":\"date\",\"format\":\"dd/MMM/yyyy:HH:mm:ss Z\"},"
                + "\"request\":{\"type\":\"text\",\"fields\":{\"keyword\":{\"type\":\"keyword\",\"ignore_above\":1024}}},"
                + "\"response\":{\"type\":\"integer\"},"
                + "\"bytes\":{\"type\":\"long\"},"
                + "\"referer\":{\"type\":\"keyword\",\"ignore_above\":2048},"
                + "\"agent\":{\"type\":\"text\",\"fields\":{\"keyword\":{\"type\":\"keyword\",\"ignore_above\":512}}}}}}}");
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
