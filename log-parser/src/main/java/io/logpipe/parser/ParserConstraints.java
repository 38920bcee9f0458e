package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Limits that protect a parser from hostile or broken input, in the manner of Jackson's
 * {@code StreamReadConstraints}. A line over a limit is rejected with a
 * {@link ParseError.Kind#LIMIT_EXCEEDED} error or a {@link LogLimitExceededException}; a stream
 * reader skips the rest of such a line without buffering it.
 *
 * <p>Instances are immutable and thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class ParserConstraints {

    /**
     * {@value}: the default longest line, in bytes for byte input and in chars for text input,
     * without its line terminator. Apache limits a request line to 8190 bytes and each header to
     * 8190 bytes, so a combined line is far shorter unless something is wrong.
     */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1_048_576;

    /**
     * {@value}: the default longest single field in bytes (or chars), before unescaping. Apache
     * limits a header to 8190 bytes, which its escaping can at most quadruple.
     */
    public static final int DEFAULT_MAX_FIELD_LENGTH = 65_536;

    private static final ParserConstraints DEFAULTS = new Builder().build();

    private final int maxLineLength;
    private final int maxFieldLength;

    private ParserConstraints(Builder b) {
        this.maxLineLength = b.maxLineLength == null ? DEFAULT_MAX_LINE_LENGTH : b.maxLineLength;
        this.maxFieldLength = b.maxFieldLength == null ? DEFAULT_MAX_FIELD_LENGTH : b.maxFieldLength;
    }

    /**
     * Returns the default constraints.
     *
     * @return constraints with every {@code DEFAULT_*} value
     */
    public static ParserConstraints defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder with every value at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these constraints.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().maxLineLength(maxLineLength).maxFieldLength(maxFieldLength);
    }

    /**
     * Returns the longest accepted line, without its terminator.
     *
     * @return bytes for byte input, chars for text input
     */
    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * Returns the longest accepted single field, measured as written in the line.
     *
     * @return the limit in bytes for byte input, chars for text input
     */
    public int maxFieldLength() {
        return maxFieldLength;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ParserConstraints
                && ((ParserConstraints) o).maxLineLength == maxLineLength
                && ((ParserConstraints) o).maxFieldLength == maxFieldLength;
    }

    @Override
    public int hashCode() {
        return 31 * maxLineLength + maxFieldLength;
    }

    @Override
    public String toString() {
        return "ParserConstraints[maxLineLength=" + maxLineLength + ", maxFieldLength=" + maxFieldLength + "]";
    }

    /** Builds {@link ParserConstraints}; not thread-safe. */
    public static final class Builder {
        private @Nullable Integer maxLineLength;
        private @Nullable Integer maxFieldLength;

        private Builder() {}

        /**
         * Sets the longest accepted line. Default: {@value ParserConstraints#DEFAULT_MAX_LINE_LENGTH}.
         *
         * @param maxLineLength at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxLineLength < 1}
         */
        public Builder maxLineLength(int maxLineLength) {
            if (maxLineLength < 1 || maxLineLength > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(
                        "maxLineLength must be in 1.." + (Integer.MAX_VALUE - 16) + ", was " + maxLineLength);
            }
            this.maxLineLength = maxLineLength;
            return this;
        }

        /**
         * Sets the longest accepted single field. Default:
         * {@value ParserConstraints#DEFAULT_MAX_FIELD_LENGTH}.
         *
         * @param maxFieldLength at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxFieldLength < 1}
         */
        public Builder maxFieldLength(int maxFieldLength) {
            if (maxFieldLength < 1) {
                throw new IllegalArgumentException("maxFieldLength must be >= 1, was " + maxFieldLength);
            }
            this.maxFieldLength = maxFieldLength;
            return this;
        }

        /**
         * Builds the constraints, applying defaults to unset values.
         *
         * @return the constraints
         */
        public ParserConstraints build() {
            return new ParserConstraints(this);
        }
    }
}
