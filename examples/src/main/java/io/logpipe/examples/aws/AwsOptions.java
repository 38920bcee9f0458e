package io.logpipe.examples.aws;

import io.logpipe.aws.AwsClients;
import io.logpipe.aws.StackConfig;
import io.logpipe.examples.support.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;

/** The options every {@code logpipe aws} command shares. */
public final class AwsOptions {

    @Option(names = "--stack", defaultValue = StackConfig.DEFAULT_STACK, paramLabel = "NAME",
            description = "The stack name: the value of the logpipe:stack tag and the prefix of the names. "
                    + "Default: ${DEFAULT-VALUE}.")
    String stack;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The region. Default: the SDK's chain (AWS_REGION, the profile's region).")
    @Nullable String region;

    @Option(names = "--endpoint", paramLabel = "SERVICE=URL",
            description = "Overrides one service's endpoint (repeatable): s3, firehose, iam, sts, opensearch, "
                    + "kinesisanalyticsv2, logs, tagging, domain. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> "
                    + "are honoured too.")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--state", paramLabel = "FILE",
            description = "The state file (ARNs the stack created). Default: "
                    + "$XDG_STATE_HOME/logpipe/aws/<stack>-<region>.json.")
    @Nullable Path state;

    @Option(names = "--job-jar", paramLabel = "JAR",
            description = "The analytics job jar to upload (analytics-flink/target/analytics-flink-<version>-job.jar).")
    @Nullable Path jobJar;

    @Option(names = "--poll", defaultValue = "15s", paramLabel = "DURATION",
            description = "Time between two status checks while waiting. Default: ${DEFAULT-VALUE}.")
    String poll;

    StackConfig config() {
        return StackConfig.builder().stackName(stack).jobJar(jobJar).stateFile(state)
                .pollInterval(Durations.parse(poll, "--poll")).build();
    }

    AwsClients clients() {
        AwsClients.Builder b = AwsClients.builder().region(region == null ? null : Region.of(region));
        endpoints.forEach(b::endpoint);
        return b.build();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
