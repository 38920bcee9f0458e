package io.logpipe.aws.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.aws.StackConfig;
import java.util.List;

/**
 * The stack's IAM documents: trust policies, least-privilege inline policies scoped to the stack's own
 * ARNs (never the tutorial's {@code AmazonKinesisFirehoseFullAccess} or {@code es:*}), and the domain's
 * access policy.
 */
public final class Policies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Policies() {
    }

    /**
     * Returns a trust policy letting a service assume the role, limited to this account.
     *
     * @param service for example {@code firehose.amazonaws.com}
     * @param account the account id ({@code sts:ExternalId} for Firehose, {@code aws:SourceAccount} otherwise)
     * @return the JSON
     */
    public static String trust(String service, String account) {
        ObjectNode doc = doc();
        ObjectNode s = doc.withArray("Statement").addObject();
        s.put("Effect", "Allow");
        s.putObject("Principal").put("Service", service);
        s.put("Action", "sts:AssumeRole");
        String key = service.startsWith("firehose") ? "sts:ExternalId" : "aws:SourceAccount";
        s.putObject("Condition").putObject("StringEquals").put(key, account);
        return write(doc);
    }

    /**
     * Returns Firehose #1's policy: write raw records to the bucket.
     *
     * @param ctx the stack
     * @return the JSON
     */
    public static String firehoseS3(StackContext ctx) {
        ObjectNode doc = doc();
        ArrayNode st = doc.withArray("Statement");
        allow(st, List.of("s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket",
                "s3:ListBucketMultipartUploads"), List.of(ctx.bucketArn()));
        allow(st, List.of("s3:GetObject", "s3:PutObject"), List.of(ctx.bucketArn() + "/" + StackConfig.RAW_PREFIX + "*",
                ctx.bucketArn() + "/" + StackConfig.RAW_ERROR_PREFIX + "*"));
        allow(st, List.of("logs:PutLogEvents"), List.of(firehoseLogs(ctx, ctx.config().ingestionStream())));
        return write(doc);
    }

    /**
     * Returns Firehose #2's policy: the domain's HTTP and describe actions, the failed-documents backup, logs.
     *
     * @param ctx the stack
     * @return the JSON
     */
    public static String firehoseOpenSearch(StackContext ctx) {
        ObjectNode doc = doc();
        ArrayNode st = doc.withArray("Statement");
        allow(st, List.of("es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpPost",
                "es:ESHttpPut"), List.of(ctx.domainArn(), ctx.domainArn() + "/*"));
        String idx = ctx.config().indexName();
        allow(st, List.of("es:ESHttpGet"), List.of(ctx.domainArn() + "/_all/_settings", ctx.domainArn() + "/_cluster/stats",
                ctx.domainArn() + "/" + idx + "*/_mapping/*", ctx.domainArn() + "/_nodes", ctx.domainArn() + "/_nodes/stats",
                ctx.domainArn() + "/_nodes/*/stats", ctx.domainArn() + "/_stats", ctx.domainArn() + "/" + idx + "*/_stats"));
        allow(st, List.of("s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket",
                "s3:ListBucketMultipartUploads"), List.of(ctx.bucketArn()));
        allow(st, List.of("s3:GetObject", "s3:PutObject"), List.of(ctx.bucketArn() + "/" + StackConfig.FAILED_PREFIX + "*"));
        allow(st, List.of("logs:PutLogEvents"), List.of(firehoseLogs(ctx, ctx.config().aggregatedStream())));
        return write(doc);
    }

    /**
     * Returns the application's policy: read the code and the raw records, write to Firehose #2, log.
     *
     * @param ctx the stack
     * @return the JSON
     */
    public static String analytics(StackContext ctx) {
        ObjectNode doc = doc();
        ArrayNode st = doc.withArray("Statement");
        allow(st, List.of("s3:GetObject", "s3:GetObjectVersion"), List.of(ctx.bucketArn() + "/" + StackConfig.JOB_KEY,
                ctx.bucketArn() + "/" + StackConfig.RAW_PREFIX + "*"));
        allow(st, List.of("s3:ListBucket", "s3:GetBucketLocation"), List.of(ctx.bucketArn()));
        allow(st, List.of("firehose:PutRecord", "firehose:PutRecordBatch", "firehose:DescribeDeliveryStream"),
                List.of(ctx.streamArn(ctx.config().aggregatedStream())));
        allow(st, List.of("logs:DescribeLogGroups"), List.of("arn:aws:logs:" + ctx.region() + ":" + ctx.account()
                + ":log-group:*"));
        allow(st, List.of("logs:DescribeLogStreams", "logs:PutLogEvents"), List.of(ctx.logGroupArn() + ":*"));
        return write(doc);
    }

    /**
     * Returns the domain's access policy: only Firehose #2's role and the caller may use it.
     *
     * @param ctx the stack
     * @return the JSON
     */
    public static String domainAccess(StackContext ctx) {
        ObjectNode doc = doc();
        ObjectNode s = doc.withArray("Statement").addObject();
        s.put("Effect", "Allow");
        ArrayNode principals = s.putObject("Principal").putArray("AWS");
        principals.add(ctx.roleArn(ctx.firehoseOpenSearchRole()));
        principals.add(principalOf(ctx.callerArn()));
        s.put("Action", "es:ESHttp*");
        s.put("Resource", ctx.domainArn() + "/*");
        return write(doc);
    }

    /**
     * Returns the IAM principal of a caller: an assumed-role session becomes its role.
     *
     * @param callerArn the ARN STS reports
     * @return a principal ARN a resource policy accepts
     */
    public static String principalOf(String callerArn) {
        // arn:aws:sts::123456789012:assumed-role/RoleName/session -> arn:aws:iam::123456789012:role/RoleName
        String[] p = callerArn.split(":", 6);
        if (p.length == 6 && p[2].equals("sts") && p[5].startsWith("assumed-role/")) {
            String role = p[5].substring("assumed-role/".length());
            int slash = role.indexOf('/');
            return "arn:" + p[1] + ":iam::" + p[4] + ":role/" + (slash < 0 ? role : role.substring(0, slash));
        }
        return callerArn;
    }

    private static String firehoseLogs(StackContext ctx, String stream) {
        return "arn:aws:logs:" + ctx.region() + ":" + ctx.account() + ":log-group:/aws/kinesisfirehose/" + stream
                + ":log-stream:*";
    }

    private static ObjectNode doc() {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("Version", "2012-10-17");
        doc.putArray("Statement");
        return doc;
    }

    private static void allow(ArrayNode statements, List<String> actions, List<String> resources) {
        ObjectNode s = statements.addObject();
        s.put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        ArrayNode r = s.putArray("Resource");
        resources.forEach(r::add);
    }

    private static String write(ObjectNode doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
