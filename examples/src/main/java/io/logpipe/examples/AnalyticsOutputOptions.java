package io.logpipe.examples;

import io.logpipe.analytics.flink.AnalyticsOutput;
import io.logpipe.analytics.flink.FirehoseResultSink;
import io.logpipe.analytics.flink.OpenSearchResultSink;
import io.logpipe.firehose.FirehoseClients;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The output options {@code analytics run} and {@code analytics submit} share: {@code --output
 * firehose:NAME | opensearch:URL[#INDEX] | DIR}, {@code --firehose-endpoint}, {@code --index}.
 */
final class AnalyticsOutputOptions {

    @Option(names = "--output", paramLabel = "firehose:NAME|opensearch:URL[#INDEX]|DIR",
            description = {"Where the result rows go: a Firehose delivery stream (the tutorial's "
                    + "firehose:web-log-aggregated-data, at least once), an OpenSearch index (opensearch:"
                    + "http://127.0.0.1:9200, index request_data unless #INDEX or --index; document ids from window "
                    + "and status, so a replay overwrites), or a directory of JSON lines results-*.json (Flink's "
                    + "exactly-once file sink)."})
    @Nullable String output;

    @Option(names = "--firehose-endpoint", paramLabel = "URL",
            description = "The Firehose endpoint for --output firehose:NAME, for example http://127.0.0.1:4573 "
                    + "(./logpipe local firehose). Default: AWS_ENDPOINT_URL_FIREHOSE, AWS_ENDPOINT_URL, else AWS "
                    + "(region and credentials from the SDK's default chains; a loopback endpoint gets dummy "
                    + "credentials).")
    @Nullable String firehoseEndpoint;

    @Option(names = "--index", paramLabel = "NAME",
            description = "The index for --output opensearch:URL. Default: request_data (the dashboard's).")
    @Nullable String index;

    /**
     * Reads the options.
     *
     * @return the output, or {@code null} without {@code --output}
     * @throws IllegalArgumentException saying what is wrong
     */
    @Nullable AnalyticsOutput resolve() {
        if (output == null) {
            return null;
        }
        URI endpoint = firehoseEndpoint == null ? null : FirehoseClients.endpointUri(firehoseEndpoint);
        AnalyticsOutput o = AnalyticsOutput.parse(output, endpoint, index);
        if (o instanceof FirehoseResultSink f && endpoint == null && f.effectiveEndpoint() != null) {
            // the job reads the environment where it runs: pass this shell's setting on explicitly
            o = AnalyticsOutput.parse(output, f.effectiveEndpoint(), index);
        }
        return o;
    }

    /** The job's arguments for the output (AnalyticsJobMain's --output, --firehose-endpoint, --index). */
    static List<String> jobArgs(AnalyticsOutput o) {
        List<String> a = new ArrayList<>();
        if (o instanceof AnalyticsOutput.Directory d) {
            a.add("--output");
            a.add(d.path().toAbsolutePath().normalize().toString());
        } else if (o instanceof FirehoseResultSink f) {
            a.add("--output");
            a.add(AnalyticsOutput.FIREHOSE_PREFIX + f.deliveryStream());
            URI e = f.effectiveEndpoint();
            if (e != null) {
                a.add("--firehose-endpoint");
                a.add(e.toString());
            }
        } else {
            OpenSearchResultSink s = (OpenSearchResultSink) o;
            a.add("--output");
            a.add(AnalyticsOutput.OPENSEARCH_PREFIX + s.endpoint());
            a.add("--index");
            a.add(s.index());
        }
        return a;
    }

    /** Where the rows went, for the last line of a run. */
    static String describe(AnalyticsOutput o) {
        if (o instanceof AnalyticsOutput.Directory d) {
            return Path.of(d.path().toString()).toAbsolutePath().normalize().toString();
        } else if (o instanceof FirehoseResultSink f) {
            URI e = f.effectiveEndpoint();
            return "Firehose delivery stream " + f.deliveryStream() + (e == null ? "" : " at " + e);
        }
        OpenSearchResultSink s = (OpenSearchResultSink) o;
        return "OpenSearch index " + s.index() + " at " + s.endpoint();
    }
}
