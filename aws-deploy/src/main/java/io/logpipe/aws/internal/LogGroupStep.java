package io.logpipe.aws.internal;

import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/** The application's log group (14 days' retention) and its log stream {@value #STREAM}. */
public final class LogGroupStep extends Step {

    /** The log stream the application writes: {@value}. */
    public static final String STREAM = "application";
    /** Days the logs are kept: {@value}. */
    public static final int RETENTION_DAYS = 14;

    /**
     * Creates the step.
     *
     * @param ctx the stack
     */
    public LogGroupStep(StackContext ctx) {
        super(ctx);
    }

    private CloudWatchLogsClient logs() {
        return ctx.clients().logs();
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.LOG_GROUP, ctx.config().logGroupName(), ctx.logGroupArn());
    }

    /** @return the log stream's ARN, for the application's logging option */
    public String streamArn() {
        return ctx.logGroupArn() + ":log-stream:" + STREAM;
    }

    private @Nullable LogGroup find() {
        String name = ctx.config().logGroupName();
        return ctx.calls().call("logs:DescribeLogGroups", resource().arn(),
                () -> logs().describeLogGroups(r -> r.logGroupNamePrefix(name))).logGroups().stream()
                .filter(g -> name.equals(g.logGroupName())).findFirst().orElse(null);
    }

    @Override
    public Presence presence() {
        if (find() == null) {
            return Presence.ABSENT;
        }
        return ctx.ours(ctx.calls().call("logs:ListTagsForResource", resource().arn(),
                () -> logs().listTagsForResource(r -> r.resourceArn(resource().arn()))).tags())
                ? Presence.OURS : Presence.FOREIGN;
    }

    @Override
    public void create() {
        String name = ctx.config().logGroupName();
        ctx.calls().run("logs:CreateLogGroup", resource().arn(),
                () -> logs().createLogGroup(r -> r.logGroupName(name).tags(ctx.tags())));
        awaitReady(io.logpipe.aws.Progress.NONE);
    }

    @Override
    public void awaitReady(io.logpipe.aws.Progress progress) {
        String name = ctx.config().logGroupName();
        boolean hasStream = ctx.calls().call("logs:DescribeLogStreams", resource().arn(),
                () -> logs().describeLogStreams(r -> r.logGroupName(name).logStreamNamePrefix(STREAM))).logStreams()
                .stream().anyMatch(s -> STREAM.equals(s.logStreamName()));
        if (!hasStream) {
            try {
                ctx.calls().run("logs:CreateLogStream", resource().arn(),
                        () -> logs().createLogStream(r -> r.logGroupName(name).logStreamName(STREAM)));
            } catch (ResourceAlreadyExistsException e) {
                // there already
            }
        }
        ctx.calls().run("logs:PutRetentionPolicy", resource().arn(),
                () -> logs().putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(RETENTION_DAYS)));
    }

    @Override
    public String describe() {
        LogGroup g = find();
        return g == null ? "missing" : (g.storedBytes() == null ? 0 : g.storedBytes()) + " bytes stored";
    }

    @Override
    public void delete() {
        ctx.calls().run("logs:DeleteLogGroup", resource().arn(),
                () -> logs().deleteLogGroup(r -> r.logGroupName(ctx.config().logGroupName())));
    }

    @Override
    public double hourlyCost() {
        return 0.5 / 1024 / 24 * io.logpipe.aws.PriceTable.LOGS_INGEST_GIB;   // ~0.5 MiB of job logs a day
    }

    @Override
    public String costNote() {
        return "ingestion of the job's logs (about 0.5 MiB a day)";
    }
}
