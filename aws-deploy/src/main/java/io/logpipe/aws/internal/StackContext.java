package io.logpipe.aws.internal;

import io.logpipe.aws.AwsClients;
import io.logpipe.aws.AwsDeployException;
import io.logpipe.aws.StackConfig;
import java.util.Map;

/**
 * What every step needs: the configuration, the clients, the caller's account and identity, and the
 * names and ARNs derived from them.
 */
public final class StackContext {

    private final StackConfig config;
    private final AwsClients clients;
    private final String account;
    private final String callerArn;
    private final String region;
    private final String partition;
    private final Calls calls;

    /**
     * Creates the context.
     *
     * @param config the stack configuration
     * @param clients the clients
     * @param account the account id
     * @param callerArn the caller's ARN (from STS)
     */
    public StackContext(StackConfig config, AwsClients clients, String account, String callerArn) {
        this.config = config;
        this.clients = clients;
        this.account = account;
        this.callerArn = callerArn;
        this.region = clients.region().id();
        this.partition = clients.region().metadata() == null ? "aws" : clients.region().metadata().partition().id();
        this.calls = new Calls(callerArn);
    }

    /** @return the configuration */
    public StackConfig config() {
        return config;
    }

    /** @return the clients */
    public AwsClients clients() {
        return clients;
    }

    /** @return the account id */
    public String account() {
        return account;
    }

    /** @return the caller's ARN */
    public String callerArn() {
        return callerArn;
    }

    /** @return the region id */
    public String region() {
        return region;
    }

    /** @return the call runner */
    public Calls calls() {
        return calls;
    }

    /** @return the stack name */
    public String stack() {
        return config.stackName();
    }

    /** @return the stack's tag as a map */
    public Map<String, String> tags() {
        return Map.of(StackConfig.TAG_KEY, stack());
    }

    /**
     * Tells whether a tag set marks a resource as this stack's.
     *
     * @param tags the resource's tags
     * @return whether {@value StackConfig#TAG_KEY} is the stack name
     */
    public boolean ours(Map<String, String> tags) {
        return stack().equals(tags.get(StackConfig.TAG_KEY));
    }

    /** @return the bucket's name */
    public String bucket() {
        return config.stackName() + "-" + account + "-" + region;
    }

    /** @return the bucket's ARN */
    public String bucketArn() {
        return "arn:" + partition + ":s3:::" + bucket();
    }

    /**
     * Returns a role's ARN.
     *
     * @param name the role name
     * @return the ARN (with the stack's path)
     */
    public String roleArn(String name) {
        return "arn:" + partition + ":iam::" + account + ":role" + config.rolePath() + name;
    }

    /** @return the domain's ARN */
    public String domainArn() {
        return "arn:" + partition + ":es:" + region + ":" + account + ":domain/" + config.domainName();
    }

    /**
     * Returns a delivery stream's ARN.
     *
     * @param name the stream
     * @return the ARN
     */
    public String streamArn(String name) {
        return "arn:" + partition + ":firehose:" + region + ":" + account + ":deliverystream/" + name;
    }

    /** @return the log group's ARN (without the {@code :*} suffix) */
    public String logGroupArn() {
        return "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + config.logGroupName();
    }

    /** @return the application's ARN */
    public String applicationArn() {
        return "arn:" + partition + ":kinesisanalytics:" + region + ":" + account + ":application/"
                + config.applicationName();
    }

    /** @return the role name Firehose #1 assumes */
    public String firehoseS3Role() {
        return stack() + "-firehose-s3";
    }

    /** @return the role name Firehose #2 assumes */
    public String firehoseOpenSearchRole() {
        return stack() + "-firehose-opensearch";
    }

    /** @return the role name the application assumes */
    public String analyticsRole() {
        return stack() + "-analytics";
    }

    /** Sleeps one poll interval. */
    public void sleep() {
        try {
            Thread.sleep(config.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsDeployException("Interrupted while waiting; run the same command again to resume.",
                    "Interrupted", e, true);
        }
    }
}
