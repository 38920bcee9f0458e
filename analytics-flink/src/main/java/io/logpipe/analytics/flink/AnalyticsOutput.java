package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Where the result rows of a job go, besides the callback: the tutorial's aggregated JSON
 * ({@code {"DATETIME":"2026-11-25T10:00:00.000Z","STATUS":200,"STATUSCOUNT":1234}}) as
 *
 * <ul>
 *   <li>{@link #directory(Path)}: JSON lines in {@code DIR/results-*.json}, through Flink's exactly-once
 *       {@code FileSink} (files are committed on checkpoints and at the end of a bounded input);</li>
 *   <li>{@link FirehoseResultSink}: records of an Amazon Data Firehose delivery stream (the tutorial's
 *       {@code web-log-aggregated-data}), through logpipe's firehose-sink, at least once;</li>
 *   <li>{@link OpenSearchResultSink}: documents of an OpenSearch index (the tutorial's
 *       {@code request_data}), through es-sink's {@code BulkSink}, with ids derived from window and
 *       status, so a replay overwrites instead of duplicating.</li>
 * </ul>
 *
 * <p>{@link #parse(String, URI, String)} reads the command line's spelling: {@code firehose:NAME},
 * {@code opensearch:URL} or {@code opensearch:URL#INDEX}, or a directory.
 */
@API(status = EXPERIMENTAL)
public sealed interface AnalyticsOutput permits AnalyticsOutput.Directory, FirehoseResultSink, OpenSearchResultSink {

    /** The prefix of a Firehose output spec: {@value}. */
    String FIREHOSE_PREFIX = "firehose:";

    /** The prefix of an OpenSearch output spec: {@value}. */
    String OPENSEARCH_PREFIX = "opensearch:";

    /**
     * Returns a directory output.
     *
     * @param dir the directory the TaskManagers write to
     * @return the output
     */
    static Directory directory(Path dir) {
        return new Directory(dir);
    }

    /**
     * Reads an output spec.
     *
     * @param spec {@code firehose:NAME}, {@code opensearch:URL}, {@code opensearch:URL#INDEX}, or a directory
     * @param firehoseEndpoint the Firehose endpoint for {@code firehose:}, or {@code null} for
     *     {@code AWS_ENDPOINT_URL_FIREHOSE}, {@code AWS_ENDPOINT_URL} or AWS's regional endpoint
     * @param index the index for {@code opensearch:} when the spec names none, or {@code null} for
     *     {@value OpenSearchResultSink#DEFAULT_INDEX}
     * @return the output
     * @throws IllegalArgumentException saying what is wrong with the spec and how to write it
     */
    static AnalyticsOutput parse(String spec, @Nullable URI firehoseEndpoint, @Nullable String index) {
        Objects.requireNonNull(spec, "spec");
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith(FIREHOSE_PREFIX)) {
            String name = spec.substring(FIREHOSE_PREFIX.length());
            return FirehoseResultSink.builder().deliveryStream(name).endpoint(firehoseEndpoint).build();
        }
        if (lower.startsWith(OPENSEARCH_PREFIX)) {
            String rest = spec.substring(OPENSEARCH_PREFIX.length());
            int hash = rest.indexOf('#');
            String url = hash < 0 ? rest : rest.substring(0, hash);
            String idx = hash < 0 ? index : rest.substring(hash + 1);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(bad(spec, "'" + url + "' is not a URL: " + e.getReason()), e);
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException(bad(spec, "'" + url + "' is not an http:// or https:// URL"));
            }
            OpenSearchResultSink.Builder b = OpenSearchResultSink.builder().endpoint(uri);
            if (idx != null) {
                b.index(idx);
            }
            return b.build();
        }
        int colon = spec.indexOf(':');
        if (colon > 1 && spec.substring(0, colon).chars().allMatch(Character::isLetter)
                && !spec.startsWith("file:")) {
            throw new IllegalArgumentException(bad(spec, "unknown output type '" + spec.substring(0, colon) + ":'"));
        }
        if (spec.isBlank()) {
            throw new IllegalArgumentException(bad(spec, "it is empty"));
        }
        return directory(Path.of(spec.startsWith("file:") ? URI.create(spec).getPath() : spec));
    }

    private static String bad(String spec, String why) {
        return "--output " + spec + ": " + why + "; use firehose:DELIVERY_STREAM, opensearch:http://HOST:9200[#INDEX]"
                + " or a directory";
    }

    /**
     * JSON lines in a directory, through Flink's exactly-once file sink.
     *
     * @param path the directory
     */
    @API(status = EXPERIMENTAL)
    record Directory(Path path) implements AnalyticsOutput {

        /** Checks the path. */
        public Directory {
            Objects.requireNonNull(path, "path");
        }
    }
}
