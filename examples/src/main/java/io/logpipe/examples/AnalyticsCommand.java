package io.logpipe.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logpipe analytics}: the tutorial's streaming SQL, rendered or run on embedded Flink. */
@Command(
        name = "analytics",
        mixinStandardHelpOptions = true,
        description = {
            "The tutorial's analytics stage: per-minute request counts by HTTP status.",
            "render prints the SQL (Flink SQL, or the legacy Kinesis Data Analytics SQL of the tutorial); "
                    + "run runs it over access-log files on an embedded Apache Flink; submit runs it on a Flink cluster."
        },
        subcommands = {
            AnalyticsRenderCommand.class,
            AnalyticsRunCommand.class,
            AnalyticsSubmitCommand.class,
        })
public final class AnalyticsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
