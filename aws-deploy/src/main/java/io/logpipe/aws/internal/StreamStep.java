package io.logpipe.aws.internal;

import io.logpipe.aws.PriceTable;
import io.logpipe.aws.Progress;
import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import io.logpipe.aws.StackConfig;
import io.logpipe.firehose.DeliveryStreams;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.Tag;

/**
 * A Firehose delivery stream, created with firehose-sink's {@link DeliveryStreams} requests plus the
 * stack's tag. Creation is retried while IAM has not yet propagated a new role (Firehose then answers
 * {@code InvalidArgumentException} about the role).
 */
public final class StreamStep extends Step {

    private static final int ROLE_PROPAGATION_ATTEMPTS = 12;

    private final String name;
    private final Function<StackContext, CreateDeliveryStreamRequest> request;
    private final boolean ingestion;

    /**
     * Creates the step.
     *
     * @param ctx the stack
     * @param name the stream name
     * @param request its request, without tags
     * @param ingestion whether it is the stream the agent writes (priced per record)
     */
    public StreamStep(StackContext ctx, String name, Function<StackContext, CreateDeliveryStreamRequest> request,
            boolean ingestion) {
        super(ctx);
        this.name = name;
        this.request = request;
        this.ingestion = ingestion;
    }

    private DeliveryStreams streams() {
        return new DeliveryStreams(ctx.clients().firehose(), ctx.config().pollInterval());
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.DELIVERY_STREAM, name, ctx.streamArn(name));
    }

    /**
     * Describes the stream.
     *
     * @return the description, or {@code null} if it does not exist
     */
    public @Nullable DeliveryStreamDescription description() {
        try {
            return ctx.calls().call("firehose:DescribeDeliveryStream", resource().arn(), () -> streams().describe(name));
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    @Override
    public Presence presence() {
        if (description() == null) {
            return Presence.ABSENT;
        }
        Map<String, String> tags = ctx.calls().call("firehose:ListTagsForDeliveryStream", resource().arn(),
                () -> ctx.clients().firehose().listTagsForDeliveryStream(r -> r.deliveryStreamName(name)).join())
                .tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return ctx.ours(tags) ? Presence.OURS : Presence.FOREIGN;
    }

    @Override
    public void create() {
        CreateDeliveryStreamRequest r = request.apply(ctx).toBuilder()
                .tags(Tag.builder().key(StackConfig.TAG_KEY).value(ctx.stack()).build()).build();
        for (int attempt = 1; ; attempt++) {
            try {
                ctx.calls().call("firehose:CreateDeliveryStream", resource().arn(), () -> streams().create(r));
                return;
            } catch (ResourceInUseException e) {
                return;      // created by an interrupted run a moment ago
            } catch (InvalidArgumentException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                if (attempt >= ROLE_PROPAGATION_ATTEMPTS || !(m.contains("role") || m.contains("assume"))) {
                    throw e;
                }
                ctx.sleep();   // IAM is eventually consistent: the new role is not assumable yet
            }
        }
    }

    @Override
    public void awaitReady(Progress progress) {
        await(progress, "creating", ctx.config().timeout(), () -> {
            DeliveryStreamDescription d = description();
            return d != null && d.deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE;
        }, this::state);
    }

    private String state() {
        DeliveryStreamDescription d = description();
        return d == null ? "missing" : String.valueOf(d.deliveryStreamStatus());
    }

    @Override
    public String describe() {
        return state();
    }

    @Override
    public void delete() {
        ctx.calls().run("firehose:DeleteDeliveryStream", resource().arn(), () -> streams().delete(name));
    }

    @Override
    public void awaitGone(Progress progress) {
        await(progress, "deleting", ctx.config().timeout(), () -> description() == null, this::state);
    }

    @Override
    public double hourlyCost() {
        if (!ingestion) {
            // the aggregate: one row per status per minute, about 10 rows
            return PriceTable.firehoseHour(10.0 / 60, 80);
        }
        return PriceTable.firehoseHour(ctx.config().recordsPerSecond(), ctx.config().recordBytes());
    }

    @Override
    public String costNote() {
        return ingestion
                ? String.format(Locale.ROOT, "%.0f records/s, each billed as %d KiB", ctx.config().recordsPerSecond(),
                        PriceTable.firehoseBilledBytes(ctx.config().recordBytes()) / 1024)
                : "about 10 aggregate rows a minute";
    }

    /**
     * Returns the request for Firehose #1: Direct PUT to the bucket, 5 MiB / 300 s buffering.
     *
     * @param ctx the stack
     * @return the request
     */
    public static CreateDeliveryStreamRequest ingestion(StackContext ctx) {
        return DeliveryStreams.s3Stream(ctx.config().ingestionStream(), ctx.bucketArn(), ctx.roleArn(ctx.firehoseS3Role()))
                .prefix(StackConfig.RAW_PREFIX).errorOutputPrefix(StackConfig.RAW_ERROR_PREFIX)
                .bufferingHints(5, Duration.ofSeconds(300)).build();
    }

    /**
     * Returns the request for Firehose #2: to the domain, index {@code request_data}, NoRotation, 300 s retry,
     * failed documents only.
     *
     * @param ctx the stack
     * @return the request
     */
    public static CreateDeliveryStreamRequest aggregated(StackContext ctx) {
        return DeliveryStreams.openSearchStream(ctx.config().aggregatedStream(), ctx.domainArn(), ctx.config().indexName(),
                        ctx.roleArn(ctx.firehoseOpenSearchRole()), ctx.bucketArn())
                .indexRotation(software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceIndexRotationPeriod
                        .NO_ROTATION)
                .retryDuration(Duration.ofSeconds(300))
                .s3BackupMode(software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceS3BackupMode
                        .FAILED_DOCUMENTS_ONLY)
                .backupPrefix(StackConfig.FAILED_PREFIX)
                .bufferingHints(1, Duration.ofSeconds(60))
                .build();
    }
}
