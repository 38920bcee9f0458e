package io.logpipe.examples.aws;

import io.logpipe.aws.AwsClients;
import io.logpipe.aws.AwsDeployException;
import io.logpipe.aws.DownReport;
import io.logpipe.aws.Plan;
import io.logpipe.aws.Progress;
import io.logpipe.aws.Stack;
import io.logpipe.aws.StackConfig;
import io.logpipe.examples.support.Terminals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code logpipe aws}: plan, create, inspect and delete the tutorial's stack on AWS. */
@Command(
        name = "aws",
        mixinStandardHelpOptions = true,
        description = {
            "The tutorial's pipeline on AWS with the same modules: an S3 bucket, three least-privilege IAM roles, "
                    + "both Firehose streams, an OpenSearch Service domain, the analytics on Managed Service for "
                    + "Apache Flink, every resource tagged logpipe:stack=<stack>.",
            "plan shows what it costs per hour; up creates (idempotent, resumable); status shows data flowing and "
                    + "the cost so far; down deletes everything the stack created and checks nothing is left."
        },
        subcommands = {AwsCommand.PlanCommand.class, AwsCommand.UpCommand.class, AwsCommand.StatusCommand.class,
            AwsCommand.DownCommand.class})
public final class AwsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs one operation with clients built from the options, mapping errors to exit codes. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        AwsOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract int run(Stack stack, PrintWriter out, PrintWriter err) throws IOException;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            StackConfig config;
            try {
                config = options.config();
            } catch (IllegalArgumentException e) {
                err.println("logpipe aws: " + e.getMessage());
                err.flush();
                return 2;
            }
            try (AwsClients clients = options.clients()) {
                return run(Stack.of(config, clients), out, err);
            } catch (IllegalArgumentException e) {
                err.println("logpipe aws: " + e.getMessage());
                return 2;
            } catch (AwsDeployException e) {
                err.println("logpipe aws: " + e.getMessage());
                return 1;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                err.println("logpipe aws: " + e.getMessage() + " (run the same command again to resume)");
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        static Progress printer(PrintWriter err) {
            return e -> {
                err.println("logpipe aws: " + e.line());
                err.flush();
            };
        }
    }

    /** {@code logpipe aws plan}. */
    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Prints each resource up would create, with its hourly and monthly cost (read-only calls only).")
    static final class PlanCommand extends Base {
        @Override
        int run(Stack stack, PrintWriter out, PrintWriter err) {
            Plan plan = stack.plan();
            out.print(plan.render());
            return 0;
        }
    }

    /** {@code logpipe aws up}. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Creates whatever of the stack is missing, in dependency order, waiting for each "
                    + "resource (the OpenSearch domain takes 10-20 minutes). Interrupt it any time: running it again "
                    + "resumes, and never creates a duplicate.",
                "Prints the plan first and asks before creating anything (skip with --yes); prints the agent.json for "
                    + "the real stream at the end."})
    static final class UpCommand extends Base {
        @Option(names = {"-y", "--yes"}, description = "Create without asking.")
        boolean yes;

        @Override
        int run(Stack stack, PrintWriter out, PrintWriter err) throws IOException {
            Plan plan = stack.plan();
            out.print(plan.render());
            out.flush();
            if (!yes) {
                if (!Terminals.interactive()) {
                    err.println("logpipe aws up: not a terminal, so nothing was created: pass --yes to create the stack"
                            + " above (it costs about $" + String.format(Locale.ROOT, "%.2f", plan.hourlyUsd())
                            + " an hour until `logpipe aws down`).");
                    return 2;
                }
                out.print("Create these resources (about $" + String.format(Locale.ROOT, "%.2f", plan.hourlyUsd())
                        + " an hour until `logpipe aws down`)? [y/N] ");
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                    err.println("logpipe aws up: nothing created.");
                    return 1;
                }
            }
            stack.up(printer(err));
            String region = stack.region();
            out.println();
            out.println("The stack is up. On the web server, run the agent with this agent.json (logpipe-<version>.tar.gz:"
                    + " bin/logpipe agent --config agent.json, or the systemd unit in the archive):");
            out.println(agentJson(stack.config(), region));
            out.println("Status and cost so far: logpipe aws status --stack " + stack.config().stackName() + " --region "
                    + region);
            out.println("Remove everything:      logpipe aws down --stack " + stack.config().stackName() + " --region "
                    + region);
            return 0;
        }
    }

    static String agentJson(StackConfig config, String region) {
        return "{\n"
                + "  \"cloudwatch.emitMetrics\": true,\n"
                + "  \"cloudwatch.endpoint\": \"monitoring." + region + ".amazonaws.com\",\n"
                + "  \"firehose.endpoint\": \"firehose." + region + ".amazonaws.com\",\n"
                + "  \"flows\": [ { \"filePattern\": \"/var/log/httpd/access_log*\",\n"
                + "               \"deliveryStream\": \"" + config.ingestionStream() + "\",\n"
                + "               \"initialPosition\": \"END_OF_FILE\", \"maxBufferAgeMillis\": 60000,\n"
                + "               \"dataProcessingOptions\": [ { \"optionName\": \"LOGTOJSON\","
                + " \"logFormat\": \"COMBINEDAPACHELOG\" } ] } ]\n"
                + "}";
    }

    /** {@code logpipe aws status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows each resource's state, the data flowing (raw objects, stream and application states, the "
                    + "index's document count through SigV4) and the estimated cost since creation.")
    static final class StatusCommand extends Base {
        @Override
        int run(Stack stack, PrintWriter out, PrintWriter err) {
            out.print(stack.status().render());
            return 0;
        }
    }

    /** {@code logpipe aws down}. */
    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Deletes everything the stack created (application, log group, streams, domain, the emptied "
                    + "bucket, roles), waits until each is gone, then scans by tag and reports anything left (exit 1). "
                    + "Never touches a resource without the stack's tag. A stack that does not exist: exit 0.")
    static final class DownCommand extends Base {
        @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
        boolean yes;

        @Override
        int run(Stack stack, PrintWriter out, PrintWriter err) throws IOException {
            if (!yes) {
                if (!Terminals.interactive()) {
                    err.println("logpipe aws down: not a terminal, so nothing was deleted: pass --yes to delete stack "
                            + stack.config().stackName() + ".");
                    return 2;
                }
                out.print("Delete every resource of stack " + stack.config().stackName() + "? [y/N] ");
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                    err.println("logpipe aws down: nothing deleted.");
                    return 1;
                }
            }
            DownReport report = stack.down(printer(err));
            out.print(report.render());
            return report.clean() ? 0 : 1;
        }
    }
}
