package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A column type, rendered per dialect (KDA {@code VARCHAR(16)} becomes Flink {@code STRING}).
 *
 * @param kind the type family
 * @param length the maximum length of a {@code VARCHAR}, 0 for the other kinds
 */
@API(status = EXPERIMENTAL)
public record SqlType(Kind kind, int length) {

    /** The type families. */
    @API(status = EXPERIMENTAL)
    public enum Kind {
        /** Character string of bounded length. */
        VARCHAR,
        /** 16-bit integer. */
        SMALLINT,
        /** 32-bit integer. */
        INTEGER,
        /** 64-bit integer. */
        BIGINT,
        /** Double-precision floating point. */
        DOUBLE,
        /** Boolean. */
        BOOLEAN,
        /** Timestamp without time zone (millisecond precision in Flink). */
        TIMESTAMP,
        /** Timestamp of an instant (Flink {@code TIMESTAMP_LTZ(3)}; KDA renders {@code TIMESTAMP}). */
        TIMESTAMP_LTZ
    }

    /** {@code SMALLINT}. */
    public static final SqlType SMALLINT = new SqlType(Kind.SMALLINT, 0);
    /** {@code INTEGER}. */
    public static final SqlType INTEGER = new SqlType(Kind.INTEGER, 0);
    /** {@code BIGINT}. */
    public static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0);
    /** {@code DOUBLE}. */
    public static final SqlType DOUBLE = new SqlType(Kind.DOUBLE, 0);
    /** {@code BOOLEAN}. */
    public static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0);
    /** {@code TIMESTAMP}. */
    public static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0);
    /** A timestamp of an instant: the type of arrival and event time attributes. */
    public static final SqlType TIMESTAMP_LTZ = new SqlType(Kind.TIMESTAMP_LTZ, 0);

    /**
     * Validates the type.
     *
     * @throws IllegalArgumentException if a {@code VARCHAR} length is not positive, or another kind has one
     */
    public SqlType {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.VARCHAR ? length <= 0 : length != 0) {
            throw new IllegalArgumentException(
                    "length must be positive for VARCHAR and 0 otherwise, was " + kind + "(" + length + ")");
        }
    }

    /**
     * Returns {@code VARCHAR(length)}.
     *
     * @param length the maximum length, positive
     * @return the type
     */
    public static SqlType varchar(int length) {
        return new SqlType(Kind.VARCHAR, length);
    }

    /**
     * Tells whether values of this type are numbers.
     *
     * @return {@code true} for the integer kinds and {@code DOUBLE}
     */
    public boolean isNumeric() {
        return kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT || kind == Kind.DOUBLE;
    }

    /**
     * Tells whether values of this type are timestamps.
     *
     * @return {@code true} for {@code TIMESTAMP} and {@code TIMESTAMP_LTZ}
     */
    public boolean isTimestamp() {
        return kind == Kind.TIMESTAMP || kind == Kind.TIMESTAMP_LTZ;
    }

    @Override
    public String toString() {
        return kind == Kind.VARCHAR ? "VARCHAR(" + length + ")" : kind.name();
    }
}
