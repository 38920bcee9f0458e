package io.logpipe.examples;

import io.logpipe.examples.support.Foreground;
import io.logpipe.local.flink.LocalFlinkCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe local flink}: a real Flink session cluster (JobManager and TaskManagers as separate
 * processes) in the foreground until Ctrl-C or SIGTERM.
 */
@Command(
        name = "flink",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a real Apache Flink " + LocalFlinkCluster.VERSION + " standalone session cluster from Flink's jars "
                    + "on Maven Central: one JobManager and N TaskManagers, each a separate JVM on 127.0.0.1, and "
                    + "prints the REST / Web UI URL when every TaskManager has registered.",
            "Submit the tutorial query with ./logpipe analytics submit --jobmanager URL .... "
                    + "Ctrl-C or SIGTERM stops every process."
        })
public final class LocalFlinkCommand implements Callable<Integer> {

    @Option(names = "--taskmanagers", defaultValue = "1", paramLabel = "N",
            description = "TaskManager processes. Default: ${DEFAULT-VALUE}.")
    int taskManagers;

    @Option(names = "--slots", defaultValue = "1", paramLabel = "N",
            description = "Task slots per TaskManager. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--port", defaultValue = "8081", paramLabel = "P",
            description = "REST and Web UI port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep configuration, logs and checkpoints in DIR instead of a temporary directory.")
    @Nullable Path workDir;

    @Spec
    CommandSpec spec;

    /** Counted down to stop the cluster (tests); Ctrl-C and SIGTERM stop it through the JVM's shutdown. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        LocalFlinkCluster cluster;
        try {
            cluster = LocalFlinkCluster.builder().taskManagers(taskManagers).slotsPerTaskManager(slots)
                    .restPort(port).workDirectory(workDir).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("logpipe local flink: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getErr().println("Starting Flink " + LocalFlinkCluster.VERSION + ": 1 JobManager, "
                + taskManagers + " TaskManager(s) with " + slots + " slot(s) each...");
        return Foreground.run("local flink", stop, () -> {
            cluster.start();
            return "Flink ready at " + cluster.restUrl() + " (REST and Web UI), " + taskManagers + " TaskManager(s) x "
                    + slots + " slot(s); logs in " + cluster.logDirectory() + "; Ctrl-C stops it.";
        }, cluster::close, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
