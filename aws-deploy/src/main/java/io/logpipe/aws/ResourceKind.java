package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The kinds of resource the stack creates, in creation order ({@code down} deletes in reverse). */
@API(status = EXPERIMENTAL)
public enum ResourceKind {
    /** The S3 bucket for raw records, failed documents and the job jar. */
    BUCKET("S3 bucket"),
    /** The analytics job jar, an object in the bucket. */
    JOB_CODE("S3 object (job jar)"),
    /** An IAM role with an inline least-privilege policy. */
    ROLE("IAM role"),
    /** The analytics application's CloudWatch Logs log group. */
    LOG_GROUP("CloudWatch Logs log group"),
    /** The OpenSearch Service domain. */
    DOMAIN("OpenSearch Service domain"),
    /** A Firehose delivery stream. */
    DELIVERY_STREAM("Firehose delivery stream"),
    /** The Managed Service for Apache Flink application. */
    APPLICATION("Managed Flink application");

    private final String label;

    ResourceKind(String label) {
        this.label = label;
    }

    /**
     * Returns the name people use for this kind.
     *
     * @return for example {@code "IAM role"}
     */
    public String label() {
        return label;
    }
}
