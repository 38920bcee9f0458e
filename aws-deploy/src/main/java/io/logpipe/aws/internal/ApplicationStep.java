package io.logpipe.aws.internal;

import io.logpipe.analytics.FlinkSql;
import io.logpipe.analytics.FlinkSqlRenderer;
import io.logpipe.analytics.KinesisAnalyticsRequests;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.aws.PriceTable;
import io.logpipe.aws.Progress;
import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import io.logpipe.aws.StackConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CloudWatchLoggingOption;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.Tag;

/**
 * The analytics on Amazon Managed Service for Apache Flink (runtime FLINK-1_20): analytics-flink's job jar
 * from the bucket, the tutorial's query as Flink SQL in the application properties, reading the objects
 * Firehose #1 writes under {@value StackConfig#RAW_PREFIX} (continuous file monitoring) and writing the
 * per-minute counts to Firehose #2. Started after creation; stopped (forced) before deletion.
 */
public final class ApplicationStep extends Step {

    /** How often the job lists the raw prefix for new objects: {@value} seconds. */
    public static final int MONITOR_SECONDS = 60;

    private final String logStreamArn;

    /**
     * Creates the step.
     *
     * @param ctx the stack
     * @param logStreamArn the log stream the application logs to
     */
    public ApplicationStep(StackContext ctx, String logStreamArn) {
        super(ctx);
        this.logStreamArn = logStreamArn;
    }

    private KinesisAnalyticsV2Client ka() {
        return ctx.clients().analytics();
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.APPLICATION, ctx.config().applicationName(), ctx.applicationArn());
    }

    /**
     * Describes the application.
     *
     * @return its details, or {@code null} if it does not exist
     */
    public @Nullable ApplicationDetail detail() {
        try {
            return ctx.calls().call("kinesisanalytics:DescribeApplication", resource().arn(),
                    () -> ka().describeApplication(r -> r.applicationName(ctx.config().applicationName())))
                    .applicationDetail();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    @Override
    public Presence presence() {
        ApplicationDetail d = detail();
        if (d == null) {
            return Presence.ABSENT;
        }
        Map<String, String> tags = ctx.calls().call("kinesisanalytics:ListTagsForResource", d.applicationARN(),
                () -> ka().listTagsForResource(r -> r.resourceARN(d.applicationARN()))).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return ctx.ours(tags) ? Presence.OURS : Presence.FOREIGN;
    }

    /**
     * Returns the Flink SQL the application runs.
     *
     * @param ctx the stack
     * @return the statements
     */
    public static FlinkSql sql(StackContext ctx) {
        return FlinkSqlRenderer.withConnectors(
                        FlinkSqlRenderer.jsonFilesMonitored("s3://" + ctx.bucket() + "/" + StackConfig.RAW_PREFIX,
                                Duration.ofSeconds(MONITOR_SECONDS)),
                        FlinkSqlRenderer.firehose(ctx.config().aggregatedStream(), ctx.region()))
                .render(Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofMinutes(1)), Tutorial.DEFAULT_WINDOW));
    }

    /**
     * Returns the CreateApplication request.
     *
     * @param ctx the stack
     * @param logStreamArn the log stream
     * @return the request, tagged
     */
    public static CreateApplicationRequest request(StackContext ctx, String logStreamArn) {
        return KinesisAnalyticsRequests.flinkApplication()
                .applicationName(ctx.config().applicationName())
                .serviceExecutionRole(ctx.roleArn(ctx.analyticsRole()))
                .code(ctx.bucketArn(), StackConfig.JOB_KEY)
                .sql(sql(ctx))
                .parallelism(1)
                .build().toBuilder()
                .cloudWatchLoggingOptions(CloudWatchLoggingOption.builder().logStreamARN(logStreamArn).build())
                .tags(Tag.builder().key(StackConfig.TAG_KEY).value(ctx.stack()).build())
                .build();
    }

    @Override
    public void create() {
        CreateApplicationRequest r = request(ctx, logStreamArn);
        for (int attempt = 1; ; attempt++) {
            try {
                ctx.calls().run("kinesisanalytics:CreateApplication", resource().arn(), () -> ka().createApplication(r));
                return;
            } catch (InvalidArgumentException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                if (attempt >= 12 || !(m.contains("role") || m.contains("assume"))) {
                    throw e;
                }
                ctx.sleep();   // the new role is not assumable yet
            }
        }
    }

    @Override
    public void awaitReady(Progress progress) {
        ApplicationDetail d = detail();
        if (d != null && d.applicationStatus() == ApplicationStatus.READY) {
            ctx.calls().run("kinesisanalytics:StartApplication", resource().arn(), () -> ka().startApplication(
                    r -> r.applicationName(ctx.config().applicationName()).runConfiguration(c -> c
                            .flinkRunConfiguration(f -> f.allowNonRestoredState(true)))));
        }
        await(progress, "starting", ctx.config().timeout(), () -> {
            ApplicationDetail x = detail();
            return x != null && x.applicationStatus() == ApplicationStatus.RUNNING;
        }, this::state);
    }

    private String state() {
        ApplicationDetail d = detail();
        return d == null ? "missing" : String.valueOf(d.applicationStatus());
    }

    @Override
    public String describe() {
        return state();
    }

    @Override
    public void delete() {
        String name = ctx.config().applicationName();
        ApplicationDetail d = detail();
        if (d == null) {
            return;
        }
        if (d.applicationStatus() == ApplicationStatus.RUNNING || d.applicationStatus() == ApplicationStatus.STARTING
                || d.applicationStatus() == ApplicationStatus.UPDATING || d.applicationStatus() == ApplicationStatus.AUTOSCALING) {
            ctx.calls().run("kinesisanalytics:StopApplication", resource().arn(),
                    () -> ka().stopApplication(r -> r.applicationName(name).force(true)));
        }
        await(Progress.NONE, "stopping", ctx.config().timeout(), () -> {
            ApplicationDetail x = detail();
            return x == null || x.applicationStatus() == ApplicationStatus.READY;
        }, this::state);
        ApplicationDetail stopped = detail();
        if (stopped != null) {
            ctx.calls().run("kinesisanalytics:DeleteApplication", resource().arn(), () -> ka().deleteApplication(
                    r -> r.applicationName(name).createTimestamp(stopped.createTimestamp())));
        }
    }

    @Override
    public double hourlyCost() {
        return PriceTable.flinkHour(1);
    }

    @Override
    public String costNote() {
        return "1 KPU + 1 orchestration KPU + 50 GiB running storage";
    }
}
