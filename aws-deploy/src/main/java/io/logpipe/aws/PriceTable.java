package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The on-demand list prices the plan uses, in US dollars for us-east-1, each with its source and the
 * date it was recorded. Prices change and differ by region (most other regions cost 5-30 % more):
 * the plan labels its figures as estimates from this table, and the AWS Pricing Calculator is the
 * authority. Constants only; no network call.
 *
 * <p>Recorded 2026-12-03 from the public pricing pages named on each constant, as known to the
 * project on that date (this build has no network access, so they were not re-read live): check
 * them before relying on a figure, and update this class with the new date when they change.
 */
@API(status = EXPERIMENTAL)
public final class PriceTable {

    /** The date the prices were recorded: {@value}. */
    public static final String RECORDED = "2026-12-03";
    /** The region the prices are for: {@value}. */
    public static final String REGION = "us-east-1";
    /** Hours in a month, as AWS's calculator counts them: {@value}. */
    public static final double HOURS_PER_MONTH = 730;

    /**
     * OpenSearch Service {@code t3.small.search}, on-demand, per instance-hour: {@value}.
     * Source: aws.amazon.com/opensearch-service/pricing/ (on-demand instances, us-east-1).
     */
    public static final double OPENSEARCH_T3_SMALL_HOUR = 0.036;
    /**
     * OpenSearch Service gp3 EBS storage, per GiB-month: {@value} (3,000 IOPS and 125 MiB/s included).
     * Source: aws.amazon.com/opensearch-service/pricing/ (EBS volumes, us-east-1).
     */
    public static final double OPENSEARCH_GP3_GIB_MONTH = 0.122;
    /**
     * Managed Service for Apache Flink, per KPU-hour (1 vCPU, 4 GiB): {@value}. Each application is
     * charged one extra KPU for orchestration. Source: aws.amazon.com/managed-service-apache-flink/pricing/.
     */
    public static final double FLINK_KPU_HOUR = 0.11;
    /** The orchestration KPUs charged per Managed Flink application: {@value}. */
    public static final int FLINK_ORCHESTRATION_KPU = 1;
    /**
     * Managed Flink running application storage, per GiB-month: {@value}; 50 GiB per KPU.
     * Source: aws.amazon.com/managed-service-apache-flink/pricing/.
     */
    public static final double FLINK_STORAGE_GIB_MONTH = 0.10;
    /** Running application storage per KPU: {@value} GiB. */
    public static final int FLINK_STORAGE_GIB_PER_KPU = 50;
    /**
     * Data Firehose Direct PUT ingestion, per GiB (first 500 TiB a month), each record rounded up to a
     * multiple of 5 KiB: {@value}. Source: aws.amazon.com/firehose/pricing/; the tutorial's 2016
     * figure was $0.035.
     */
    public static final double FIREHOSE_GIB = 0.029;
    /** Firehose's billing increment per record: {@value} bytes. */
    public static final int FIREHOSE_INCREMENT_BYTES = 5 * 1024;
    /**
     * S3 Standard storage, per GiB-month (first 50 TiB): {@value}. Source: aws.amazon.com/s3/pricing/.
     */
    public static final double S3_GIB_MONTH = 0.023;
    /** S3 PUT, COPY, POST, LIST requests, per 1,000: {@value}. Source: aws.amazon.com/s3/pricing/. */
    public static final double S3_PUT_PER_1000 = 0.005;
    /**
     * CloudWatch Logs ingestion (standard class), per GiB: {@value}. Source: aws.amazon.com/cloudwatch/pricing/.
     */
    public static final double LOGS_INGEST_GIB = 0.50;
    /** CloudWatch custom metrics, per metric-month (first 10,000): {@value}. Source: aws.amazon.com/cloudwatch/pricing/. */
    public static final double CLOUDWATCH_METRIC_MONTH = 0.30;

    private static final double GIB = 1024.0 * 1024 * 1024;

    private PriceTable() {
    }

    /**
     * Returns the bytes Firehose bills for one record: its size rounded up to a multiple of 5 KiB.
     *
     * @param recordBytes the record's size
     * @return the billed size
     */
    public static long firehoseBilledBytes(long recordBytes) {
        long n = Math.max(1, (recordBytes + FIREHOSE_INCREMENT_BYTES - 1) / FIREHOSE_INCREMENT_BYTES);
        return n * FIREHOSE_INCREMENT_BYTES;
    }

    /**
     * Returns Firehose's ingestion cost per hour for a steady rate.
     *
     * @param recordsPerSecond records per second
     * @param recordBytes bytes per record
     * @return dollars per hour
     */
    public static double firehoseHour(double recordsPerSecond, long recordBytes) {
        return recordsPerSecond * 3600 * firehoseBilledBytes(recordBytes) / GIB * FIREHOSE_GIB;
    }

    /**
     * Returns a Managed Flink application's cost per hour (KPUs, orchestration KPU and storage).
     *
     * @param kpus the KPUs the job uses (parallelism / parallelism per KPU, rounded up)
     * @return dollars per hour
     */
    public static double flinkHour(int kpus) {
        return (kpus + FLINK_ORCHESTRATION_KPU) * FLINK_KPU_HOUR
                + kpus * FLINK_STORAGE_GIB_PER_KPU * FLINK_STORAGE_GIB_MONTH / HOURS_PER_MONTH;
    }

    /**
     * Returns an OpenSearch domain's cost per hour.
     *
     * @param instances the data nodes ({@code t3.small.search})
     * @param volumeGiB the gp3 volume per node
     * @return dollars per hour
     */
    public static double openSearchHour(int instances, int volumeGiB) {
        return instances * (OPENSEARCH_T3_SMALL_HOUR + volumeGiB * OPENSEARCH_GP3_GIB_MONTH / HOURS_PER_MONTH);
    }

    /**
     * Returns the S3 cost per hour of storing what a steady rate writes, after one month (storage grows:
     * this is the month's average), plus the PUTs of one object per buffer interval.
     *
     * @param bytesPerSecond bytes written per second
     * @param objectsPerHour objects written per hour
     * @return dollars per hour
     */
    public static double s3Hour(double bytesPerSecond, double objectsPerHour) {
        double monthBytes = bytesPerSecond * 3600 * HOURS_PER_MONTH;
        return monthBytes / 2 / GIB * S3_GIB_MONTH / HOURS_PER_MONTH + objectsPerHour / 1000 * S3_PUT_PER_1000;
    }
}
