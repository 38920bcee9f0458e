package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.internal.SqlWriter;
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
    KDA;

    /**
     * Quotes an identifier as this dialect's renderer does (plain names that are not reserved words
     * stay bare), for code that names the query's tables and columns outside the rendered SQL.
     *
     * @param name the identifier
     * @return the identifier as it appears in this dialect's SQL
     */
    public String quoteIdentifier(Name name) {
        return SqlWriter.quoteIdentifier(this, name);
    }
}
