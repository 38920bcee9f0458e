package io.logpipe.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code logpipe send}: sends access-log lines to one of the pipeline's destinations. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = "Parses access-log lines and sends them to a destination.",
        subcommands = {
            SendFirehoseCommand.class,
            SendOpenSearchCommand.class,
            SendKinesisCommand.class,
        })
public final class SendCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
