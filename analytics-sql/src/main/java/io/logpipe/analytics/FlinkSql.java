package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A query rendered as Flink SQL: the statements to run, each without a trailing semicolon, as
 * {@code TableEnvironment.executeSql} takes them.
 *
 * @param sourceDdl {@code CREATE TABLE} of the source, with its time attribute and watermark
 * @param sinkDdl {@code CREATE TABLE} of the sink
 * @param select the windowed {@code SELECT}, for running the query without the sink table
 * @param insert {@code INSERT INTO sink SELECT ...}
 */
@API(status = EXPERIMENTAL)
public record FlinkSql(String sourceDdl, String sinkDdl, String select, String insert) {

    /** Validates the statements. */
    public FlinkSql {
        Objects.requireNonNull(sourceDdl, "sourceDdl");
        Objects.requireNonNull(sinkDdl, "sinkDdl");
        Objects.requireNonNull(select, "select");
        Objects.requireNonNull(insert, "insert");
    }

    /**
     * Returns the statements in execution order: source DDL, sink DDL, insert.
     *
     * @return three statements
     */
    public List<String> statements() {
        return List.of(sourceDdl, sinkDdl, insert);
    }

    /**
     * Returns the statements as one script for the SQL client, each ending in {@code ;}.
     *
     * @return the script
     */
    public String script() {
        return String.join(";\n\n", statements()) + ";\n";
    }
}
