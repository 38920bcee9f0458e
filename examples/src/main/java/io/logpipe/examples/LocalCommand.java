package io.logpipe.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code logpipe local}: the local stand-ins for the pipeline's AWS services. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Runs a local stand-in for one of the pipeline's services in the foreground.",
        subcommands = {
            LocalFirehoseCommand.class,
            LocalOpenSearchCommand.class,
            LocalFlinkCommand.class,
        })
public final class LocalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
