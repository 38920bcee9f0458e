package io.logpipe.aws.internal;

import io.logpipe.aws.AwsDeployException;
import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import io.logpipe.aws.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The analytics job jar, uploaded to {@value StackConfig#JOB_KEY} in the stack's (tagged) bucket, so it is
 * the stack's by where it lives; it goes with the bucket. Uploaded again when its size differs.
 */
public final class JobCodeStep extends Step {

    /**
     * Creates the step.
     *
     * @param ctx the stack
     */
    public JobCodeStep(StackContext ctx) {
        super(ctx);
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.JOB_CODE, StackConfig.JOB_KEY, ctx.bucketArn() + "/" + StackConfig.JOB_KEY);
    }

    /** @return the uploaded jar's size, or -1 if there is none */
    private long size() {
        return ctx.calls().call("s3:ListBucket", ctx.bucketArn(), () -> ctx.clients().s3().listObjectsV2(
                        r -> r.bucket(ctx.bucket()).prefix(StackConfig.JOB_KEY))).contents().stream()
                .filter(o -> o.key().equals(StackConfig.JOB_KEY)).mapToLong(o -> o.size()).findFirst().orElse(-1);
    }

    @Override
    public Presence presence() {
        long size = size();
        if (size < 0) {
            return Presence.ABSENT;
        }
        Path jar = ctx.config().jobJar();
        // a different jar than the one given: upload it again (the state file keeps the first upload's time)
        return jar != null && Files.isRegularFile(jar) && size != jar.toFile().length() ? Presence.ABSENT : Presence.OURS;
    }

    @Override
    public void create() {
        Path jar = jar(ctx.config());
        ctx.calls().run("s3:PutObject", resource().arn(), () -> ctx.clients().s3().putObject(
                r -> r.bucket(ctx.bucket()).key(StackConfig.JOB_KEY).contentType("application/java-archive"),
                RequestBody.fromFile(jar)));
    }

    /**
     * Returns the configured job jar, or fails naming how to build it.
     *
     * @param config the stack configuration
     * @return the jar
     * @throws AwsDeployException if none is configured or it does not exist
     */
    public static Path jar(StackConfig config) {
        Path jar = config.jobJar();
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new AwsDeployException("The analytics job jar " + (jar == null ? "was not given" : jar + " does not exist")
                    + ": build it with `./mvnw -B -pl analytics-flink -am -Pquick -DskipTests package` and pass"
                    + " --job-jar analytics-flink/target/analytics-flink-<version>-job.jar.", "NoJobJar", null, false);
        }
        return jar;
    }

    @Override
    public String describe() {
        long size = size();
        return size < 0 ? "missing" : size + " bytes";
    }

    @Override
    public void delete() {
        ctx.calls().run("s3:DeleteObject", resource().arn(),
                () -> ctx.clients().s3().deleteObject(r -> r.bucket(ctx.bucket()).key(StackConfig.JOB_KEY)));
    }

    @Override
    public void awaitGone(io.logpipe.aws.Progress progress) {
    }
}
