package io.logpipe.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code logpipe} command-line app: every stage of the log-analytics tutorial as a subcommand.
 *
 * <p>Run it with {@code ./logpipe --help} from the repository root; the launcher builds the app on
 * first use. Exit codes: 0 success, 1 the command ran but reported a failure (for example records
 * dead-lettered), 2 usage error.
 */
@Command(
        name = "logpipe",
        mixinStandardHelpOptions = true,
        versionProvider = Logpipe.Version.class,
        description = "Ship web-server access logs into an analytics pipeline, locally or on AWS.",
        subcommands = {
            CommandLine.HelpCommand.class,
            GenerateCommand.class,
            ParseCommand.class,
            AgentCommand.class,
            LocalCommand.class,
            SendCommand.class,
            AnalyticsCommand.class,
            DashboardCommand.class,
            io.logpipe.examples.tutorial.TutorialCommand.class,
            io.logpipe.examples.aws.AwsCommand.class,
        })
public final class Logpipe implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the app.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * Returns the configured command line, for tests and for embedding.
     *
     * @return a new command line for the {@code logpipe} command
     */
    public static CommandLine newCommandLine() {
        return new CommandLine(new Logpipe()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Logpipe.class.getPackage().getImplementationVersion();
            return new String[] {"logpipe " + (v == null ? "(development build)" : v)};
        }
    }
}
