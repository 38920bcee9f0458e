package io.logpipe.examples;

import io.logpipe.examples.dashboard.DashboardException;
import io.logpipe.examples.dashboard.DashboardServer;
import io.logpipe.examples.dashboard.SavedObjects;
import io.logpipe.examples.support.Foreground;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe dashboard}: serves the tutorial's chart from an OpenSearch index on 127.0.0.1 until
 * Ctrl-C or SIGTERM; {@code logpipe dashboard export} writes the same chart as saved objects for
 * OpenSearch Dashboards or Kibana.
 */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves the tutorial's chart (requests per minute by HTTP status: Sum of STATUSCOUNT over DATETIME, "
                    + "one line per STATUS) as a live page on 127.0.0.1, from an OpenSearch index.",
            "Ctrl-C or SIGTERM stops it. 'logpipe dashboard export' writes the chart as saved objects instead."
        },
        subcommands = DashboardCommand.Export.class)
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--opensearch", paramLabel = "URL",
            description = "The OpenSearch holding the index, e.g. http://127.0.0.1:9200 (user:password@ for basic auth). Required.")
    @Nullable String opensearch;

    @Option(names = "--index", defaultValue = DashboardServer.DEFAULT_INDEX, paramLabel = "NAME",
            description = "Index or pattern of the aggregates (request_data* with Firehose's rotation). Default: ${DEFAULT-VALUE}.")
    String index;

    @Option(names = "--port", defaultValue = "" + DashboardServer.DEFAULT_PORT, paramLabel = "P",
            description = "Port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE} (Kibana's).")
    int port;

    @Option(names = "--refresh-seconds", defaultValue = "5", paramLabel = "S",
            description = "How often the page refreshes the chart. Default: ${DEFAULT-VALUE}.")
    double refreshSeconds;

    @Spec
    CommandSpec spec;

    /** Counted down to stop the server (tests); Ctrl-C and SIGTERM stop it through the JVM's shutdown. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        if (opensearch == null) {
            spec.commandLine().getErr().println("logpipe dashboard: --opensearch URL is required "
                    + "(for example --opensearch http://127.0.0.1:9200; start one with ./logpipe local opensearch)");
            return 2;
        }
        DashboardServer server;
        try {
            server = DashboardServer.builder()
                    .opensearch(new URI(opensearch))
                    .index(index)
                    .port(port)
                    .refreshInterval(Duration.ofMillis(Math.round(refreshSeconds * 1000)))
                    .build();
        } catch (URISyntaxException e) {
            spec.commandLine().getErr().println("logpipe dashboard: --opensearch must be a URL such as "
                    + "http://127.0.0.1:9200, was '" + opensearch + "' (" + e.getReason() + ")");
            return 2;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("logpipe dashboard: " + e.getMessage());
            return 2;
        }
        return Foreground.run("dashboard", stop, () -> {
            try {
                server.start();
            } catch (DashboardException e) {
                throw new DashboardException(e.getMessage().replace("pass another port", "pass --port with another port"),
                        e, e.retryable());
            }
            return "Dashboard at " + server.url() + " (index " + index + " on " + server.opensearchUrl()
                    + "); Ctrl-C stops it.";
        }, server::close, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** {@code logpipe dashboard export}: the chart as saved objects for OpenSearch Dashboards or Kibana. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Writes the NDJSON saved objects (index pattern with time field DATETIME, the line visualization, "
                        + "a dashboard) that POST /api/saved_objects/_import of OpenSearch Dashboards 2.x or Kibana 7.10 accepts.",
                "Prints the import command on stderr."
            })
    static final class Export implements Callable<Integer> {

        @Option(names = "--flavor", defaultValue = "opensearch-dashboards", paramLabel = "F",
                description = "opensearch-dashboards or kibana. Default: ${DEFAULT-VALUE}.")
        String flavor;

        @Option(names = "--index-pattern", defaultValue = SavedObjects.DEFAULT_INDEX_PATTERN, paramLabel = "P",
                description = "The index pattern's title. Default: ${DEFAULT-VALUE}.")
        String indexPattern;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Write to FILE instead of standard output.")
        @Nullable Path output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SavedObjects.Flavor f;
            String ndjson;
            try {
                f = SavedObjects.Flavor.of(flavor);
                ndjson = SavedObjects.ndjson(f, indexPattern);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("logpipe dashboard export: " + e.getMessage());
                return 2;
            }
            String file = output == null ? "request_data.ndjson" : output.toString();
            if (output == null) {
                spec.commandLine().getOut().print(ndjson);
                spec.commandLine().getOut().flush();
            } else {
                try {
                    Path parent = output.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(output, ndjson, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    spec.commandLine().getErr().println("logpipe dashboard export: cannot write " + output + ": " + e);
                    return 1;
                }
            }
            String base = "http://localhost:5601";
            spec.commandLine().getErr().println("Import into " + f.product() + " with:\n  "
                    + SavedObjects.importCommand(f, base, file)
                    + (f == SavedObjects.Flavor.OPENSEARCH_DASHBOARDS
                            ? "\n(on Amazon OpenSearch Service the base is https://DOMAIN-ENDPOINT/_dashboards)" : ""));
            return 0;
        }
    }
}
