package io.logpipe.examples;

import io.logpipe.examples.support.Foreground;
import io.logpipe.local.opensearch.OpenSearchDistribution;
import io.logpipe.local.opensearch.OpenSearchServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe local opensearch}: runs a real OpenSearch in the foreground until Ctrl-C or SIGTERM.
 */
@Command(
        name = "opensearch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a real OpenSearch " + OpenSearchDistribution.VERSION + " (the distribution from Maven Central) "
                    + "on 127.0.0.1 in the foreground, and prints its URL when it is ready.",
            "Ctrl-C or SIGTERM stops it. As root it runs as the user nobody, from a copy in a temporary directory."
        })
public final class LocalOpenSearchCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9200", paramLabel = "P",
            description = "HTTP port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep the data in DIR (created when missing) instead of a temporary directory deleted on exit.")
    @Nullable Path data;

    @Option(names = "--heap", defaultValue = OpenSearchServer.DEFAULT_HEAP, paramLabel = "SIZE",
            description = "JVM heap of the server, e.g. 512m or 1g. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Spec
    CommandSpec spec;

    /** Counted down to stop the server (tests); Ctrl-C and SIGTERM stop it through the JVM's shutdown. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        OpenSearchServer server;
        try {
            server = OpenSearchServer.builder().httpPort(port).dataDirectory(data).heap(heap).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("logpipe local opensearch: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getErr().println("Starting OpenSearch " + OpenSearchDistribution.VERSION
                + " (first start takes 10 to 30 seconds)...");
        return Foreground.run("local opensearch", stop, () -> {
            server.start();
            return "OpenSearch ready at " + server.url()
                    + (data == null ? " (temporary data)" : " (data in " + data.toAbsolutePath() + ")") + "; Ctrl-C stops it.";
        }, server::close, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
