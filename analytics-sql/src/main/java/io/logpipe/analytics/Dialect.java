package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The SQL dialects a {@link StreamQuery} renders to. */
@API(status = EXPERIMENTAL)
public enum Dialect {
    /** Apache Flink SQL (1.20): {@code CREATE TABLE} DDL and window table-valued functions. */
    FLINK,
    /**
     * The legacy Kinesis Data Analytics SQL (SQLstream): {@code CREATE OR REPLACE STREAM}, pumps and
     * {@code ROWTIME}. No new applications since 2025-10-15; existing ones are deleted from 2026-01-27.
     */
    KDA
}
