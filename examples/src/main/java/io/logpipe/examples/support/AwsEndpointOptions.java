package io.logpipe.examples.support;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;

/**
 * Where the commands that talk to one AWS service send their requests ({@code @Mixin}): {@code --endpoint}
 * for a local stand-in (the client factories give a loopback endpoint dummy credentials and no SDK
 * retries), else AWS in {@code --region} with the default credentials chain.
 */
public final class AwsEndpointOptions {

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "A local stand-in of the service, e.g. http://127.0.0.1:4573 (see: logpipe local firehose) "
                    + "or a kinesalite's URL; uses dummy credentials. Default: AWS, with the default credentials chain.")
    @Nullable URI endpoint;

    @Option(names = "--region", paramLabel = "R",
            description = "AWS region, e.g. us-east-1. Default: the SDK's region chain (us-east-1 with --endpoint).")
    @Nullable String region;

    /** @return {@code --endpoint}, or {@code null} for AWS */
    public @Nullable URI endpoint() {
        return endpoint;
    }

    /** @return {@code --region}, or {@code null} for the SDK's region chain */
    public @Nullable Region region() {
        return region == null ? null : Region.of(region);
    }

    /** @return where requests go, for messages: {@code in AWS[ REGION]} or {@code at URL} */
    public String where() {
        return endpoint == null ? "in AWS" + (region == null ? "" : " " + region) : "at " + endpoint;
    }

    /** @return {@code " at URL"} for a local endpoint, else empty: for summaries */
    public String atEndpoint() {
        return endpoint == null ? "" : " at " + endpoint;
    }
}
