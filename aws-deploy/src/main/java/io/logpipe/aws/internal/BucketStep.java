package io.logpipe.aws.internal;

import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import io.logpipe.aws.StackConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The bucket: raw records ({@value StackConfig#RAW_PREFIX}), failed documents ({@value StackConfig#FAILED_PREFIX})
 * and the job jar. Versioning off, public access blocked, SSE-S3 encryption, tagged. Deleting empties it
 * first: every object (every version and delete marker if versioning was ever on) and every unfinished
 * multipart upload.
 */
public final class BucketStep extends Step {

    /**
     * Creates the step.
     *
     * @param ctx the stack
     */
    public BucketStep(StackContext ctx) {
        super(ctx);
    }

    private S3Client s3() {
        return ctx.clients().s3();
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.BUCKET, ctx.bucket(), ctx.bucketArn());
    }

    @Override
    public Presence presence() {
        String b = ctx.bucket();
        try {
            ctx.calls().run("s3:ListBucket", ctx.bucketArn(), () -> s3().headBucket(r -> r.bucket(b)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Presence.ABSENT;
            }
            if (e.statusCode() == 403) {
                return Presence.FOREIGN;     // the name exists in another account: bucket names are global
            }
            throw e;
        }
        return ctx.ours(tags()) ? Presence.OURS : Presence.FOREIGN;
    }

    private Map<String, String> tags() {
        try {
            return ctx.calls().call("s3:GetBucketTagging", ctx.bucketArn(),
                    () -> s3().getBucketTagging(r -> r.bucket(ctx.bucket()))).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, HashMap::new));
        } catch (S3Exception e) {
            if ("NoSuchTagSet".equals(Calls.code(e))) {
                return Map.of();
            }
            throw e;
        }
    }

    @Override
    public void create() {
        String b = ctx.bucket();
        String arn = ctx.bucketArn();
        try {
            ctx.calls().run("s3:CreateBucket", arn, () -> s3().createBucket(r -> {
                r.bucket(b);
                if (!"us-east-1".equals(ctx.region())) {
                    r.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(ctx.region())));
                }
            }));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
            // an interrupted run created it and stopped before tagging it: finish the job
        }
        // tag first: from here on the bucket is recognisably the stack's, even if what follows is interrupted
        ctx.calls().run("s3:PutBucketTagging", arn, () -> s3().putBucketTagging(r -> r.bucket(b).tagging(t -> t.tagSet(
                Tag.builder().key(StackConfig.TAG_KEY).value(ctx.stack()).build()))));
        ctx.calls().run("s3:PutBucketPublicAccessBlock", arn, () -> s3().putPublicAccessBlock(r -> r.bucket(b)
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                        .blockPublicPolicy(true).restrictPublicBuckets(true))));
        ctx.calls().run("s3:PutEncryptionConfiguration", arn, () -> s3().putBucketEncryption(r -> r.bucket(b)
                .serverSideEncryptionConfiguration(c -> c.rules(software.amazon.awssdk.services.s3.model
                        .ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                                d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build()))));
    }

    @Override
    public String describe() {
        ListObjectsV2Response raw = ctx.calls().call("s3:ListBucket", ctx.bucketArn(), () -> s3().listObjectsV2(
                r -> r.bucket(ctx.bucket()).prefix(StackConfig.RAW_PREFIX)));
        return raw.keyCount() + (Boolean.TRUE.equals(raw.isTruncated()) ? "+" : "") + " raw objects"
                + raw.contents().stream().map(o -> o.lastModified()).max(java.util.Comparator.naturalOrder())
                        .map(t -> ", newest " + t).orElse("");
    }

    @Override
    public void delete() {
        String b = ctx.bucket();
        String arn = ctx.bucketArn();
        BucketVersioningStatus versioning = ctx.calls().call("s3:GetBucketVersioning", arn,
                () -> s3().getBucketVersioning(r -> r.bucket(b))).status();
        if (versioning != null && versioning != BucketVersioningStatus.UNKNOWN_TO_SDK_VERSION) {
            deleteVersions(b, arn);      // versioning was on once: versions and delete markers remain
        }
        deleteObjects(b, arn);
        for (MultipartUpload u : ctx.calls().call("s3:ListBucketMultipartUploads", arn,
                () -> s3().listMultipartUploadsPaginator(r -> r.bucket(b))).uploads()) {
            ctx.calls().run("s3:AbortMultipartUpload", arn + "/" + u.key(),
                    () -> s3().abortMultipartUpload(r -> r.bucket(b).key(u.key()).uploadId(u.uploadId())));
        }
        ctx.calls().run("s3:DeleteBucket", arn, () -> s3().deleteBucket(r -> r.bucket(b)));
    }

    private void deleteObjects(String b, String arn) {
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = ctx.calls().call("s3:ListBucket", arn,
                    () -> s3().listObjectsV2(r -> r.bucket(b).continuationToken(t)));
            List<ObjectIdentifier> ids = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).collect(Collectors.toList());
            deleteBatch(b, arn, ids);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    private void deleteVersions(String b, String arn) {
        String key = null;
        String version = null;
        while (true) {
            String k = key;
            String v = version;
            ListObjectVersionsResponse page = ctx.calls().call("s3:ListBucketVersions", arn,
                    () -> s3().listObjectVersions(r -> r.bucket(b).keyMarker(k).versionIdMarker(v)));
            List<ObjectIdentifier> ids = new java.util.ArrayList<>();
            page.versions().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key()).versionId(o.versionId()).build()));
            page.deleteMarkers().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key()).versionId(o.versionId())
                    .build()));
            deleteBatch(b, arn, ids);
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return;
            }
            key = page.nextKeyMarker();
            version = page.nextVersionIdMarker();
        }
    }

    private void deleteBatch(String b, String arn, List<ObjectIdentifier> ids) {
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            ctx.calls().run("s3:DeleteObject", arn + "/*", () -> s3().deleteObjects(r -> r.bucket(b)
                    .delete(d -> d.objects(chunk).quiet(true))));
        }
    }

    @Override
    public double hourlyCost() {
        double bytesPerSecond = ctx.config().recordsPerSecond() * ctx.config().recordBytes();
        return io.logpipe.aws.PriceTable.s3Hour(bytesPerSecond, 12);   // one object per 300 s buffer
    }

    @Override
    public String costNote() {
        return "storage of the raw records (month average) and PUTs";
    }
}
