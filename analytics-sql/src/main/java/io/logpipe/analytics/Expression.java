package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A node of the immutable expression tree. Build expressions with the static methods of {@link Sql}
 * and combine them with the default methods here ({@code column("response").ge(literal(500))}).
 *
 * <p>The permitted subtypes are the records nested in this interface; renderers handle each of them.
 */
@API(status = EXPERIMENTAL)
public sealed interface Expression {

    /**
     * Gives this expression an output name. The alias is a {@linkplain Name#regular(String) regular}
     * name, as the tutorial's unquoted {@code as status} is.
     *
     * @param alias the output column name
     * @return the projection
     */
    default Projection as(String alias) {
        return new Projection(this, Name.regular(alias));
    }

    /**
     * Gives this expression an output name.
     *
     * @param alias the output column name
     * @return the projection
     */
    default Projection as(Name alias) {
        return new Projection(this, alias);
    }

    /**
     * Returns {@code this = other}.
     *
     * @param other the right-hand side
     * @return the comparison
     */
    default Expression eq(Expression other) {
        return new Binary(Operator.EQ, this, other);
    }

    /**
     * Returns {@code this <> other}.
     *
     * @param other the right-hand side
     * @return the comparison
     */
    default Expression ne(Expression other) {
        return new Binary(Operator.NE, this, other);
    }

    /**
     * Returns {@code this < other}.
     *
     * @param other the right-hand side
     * @return the comparison
     */
    default Expression lt(Expression other) {
        return new Binary(Operator.LT, this, other);
    }

    /**
     * Returns {@code this <= other}.
     *
     * @param other the right-hand side
     * @return the comparison
     */
    default Expression le(Expression other) {
        return new Binary(Operator.LE, this, other);
    }

    /**
     * Returns {@code this > other}.
     *
     * @param other the right-hand side
     * @return the comparison
     */
    default Expression gt(Expression other) {
        return new Binary(Operator.GT, this, other);
    }

    /**
     * Returns {@code this >= other}.
     *
     * @param other the right-hand side
     * @return the comparison
     */
    default Expression ge(Expression other) {
        return new Binary(Operator.GE, this, other);
    }

    /**
     * Returns {@code this AND other}.
     *
     * @param other the right-hand side
     * @return the conjunction
     */
    default Expression and(Expression other) {
        return new Binary(Operator.AND, this, other);
    }

    /**
     * Returns {@code this OR other}.
     *
     * @param other the right-hand side
     * @return the disjunction
     */
    default Expression or(Expression other) {
        return new Binary(Operator.OR, this, other);
    }

    /**
     * Returns {@code this LIKE pattern}.
     *
     * @param pattern the SQL pattern ({@code %} and {@code _} wildcards), escaped when rendered
     * @return the predicate
     */
    default Expression like(String pattern) {
        return new Binary(Operator.LIKE, this, new Literal(pattern));
    }

    /**
     * Returns {@code this + other}.
     *
     * @param other the right-hand side
     * @return the sum
     */
    default Expression plus(Expression other) {
        return new Binary(Operator.PLUS, this, other);
    }

    /**
     * Returns {@code this - other}.
     *
     * @param other the right-hand side
     * @return the difference
     */
    default Expression minus(Expression other) {
        return new Binary(Operator.MINUS, this, other);
    }

    /**
     * Returns {@code this * other}.
     *
     * @param other the right-hand side
     * @return the product
     */
    default Expression times(Expression other) {
        return new Binary(Operator.TIMES, this, other);
    }

    /**
     * Returns {@code this / other}.
     *
     * @param other the right-hand side
     * @return the quotient
     */
    default Expression div(Expression other) {
        return new Binary(Operator.DIVIDE, this, other);
    }

    /**
     * Returns {@code NOT this}.
     *
     * @return the negation
     */
    default Expression not() {
        return new Unary(UnaryOperator.NOT, this);
    }

    /**
     * Returns {@code this IS NULL}.
     *
     * @return the predicate
     */
    default Expression isNull() {
        return new Unary(UnaryOperator.IS_NULL, this);
    }

    /**
     * Returns {@code this IS NOT NULL}.
     *
     * @return the predicate
     */
    default Expression isNotNull() {
        return new Unary(UnaryOperator.IS_NOT_NULL, this);
    }

    /** Binary operators, with their SQL spelling. */
    @API(status = EXPERIMENTAL)
    enum Operator {
        /** Equality. */
        EQ("="),
        /** Inequality. */
        NE("<>"),
        /** Less than. */
        LT("<"),
        /** Less than or equal. */
        LE("<="),
        /** Greater than. */
        GT(">"),
        /** Greater than or equal. */
        GE(">="),
        /** Conjunction. */
        AND("AND"),
        /** Disjunction. */
        OR("OR"),
        /** Pattern match. */
        LIKE("LIKE"),
        /** Addition. */
        PLUS("+"),
        /** Subtraction. */
        MINUS("-"),
        /** Multiplication. */
        TIMES("*"),
        /** Division. */
        DIVIDE("/");

        private final String sql;

        Operator(String sql) {
            this.sql = sql;
        }

        /**
         * Returns the SQL spelling.
         *
         * @return for example {@code <>}
         */
        public String sql() {
            return sql;
        }

        /**
         * Tells whether the operator yields a boolean.
         *
         * @return {@code true} for comparisons, {@code AND}, {@code OR} and {@code LIKE}
         */
        public boolean isPredicate() {
            return this != PLUS && this != MINUS && this != TIMES && this != DIVIDE;
        }
    }

    /** Unary operators. */
    @API(status = EXPERIMENTAL)
    enum UnaryOperator {
        /** {@code NOT x}. */
        NOT,
        /** {@code x IS NULL}. */
        IS_NULL,
        /** {@code x IS NOT NULL}. */
        IS_NOT_NULL
    }

    /** Aggregate functions. */
    @API(status = EXPERIMENTAL)
    enum AggregateFunction {
        /** {@code COUNT(*)}, {@code COUNT(x)} or {@code COUNT(DISTINCT x)}. */
        COUNT,
        /** {@code SUM(x)}. */
        SUM,
        /** {@code MIN(x)}. */
        MIN,
        /** {@code MAX(x)}. */
        MAX,
        /** {@code AVG(x)}. */
        AVG
    }

    /** Where a window bound sits. */
    @API(status = EXPERIMENTAL)
    enum Bound {
        /** The inclusive start of the window. */
        START,
        /** The exclusive end of the window. */
        END
    }

    /**
     * A reference to a source column.
     *
     * @param name the column name
     */
    @API(status = EXPERIMENTAL)
    record ColumnRef(Name name) implements Expression {
        /** Validates the reference. */
        public ColumnRef {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A constant: a {@link String}, {@link Long}, {@link Double}, {@link Boolean} or {@code null}.
     * Strings are escaped when rendered.
     *
     * @param value the constant
     */
    @API(status = EXPERIMENTAL)
    record Literal(@Nullable Object value) implements Expression {
        /**
         * Validates the constant.
         *
         * @throws IllegalArgumentException for other types and for non-finite doubles
         */
        public Literal {
            if (value instanceof Integer || value instanceof Short) {
                value = ((Number) value).longValue();
            }
            if (value != null && !(value instanceof String || value instanceof Long
                    || value instanceof Double || value instanceof Boolean)) {
                throw new IllegalArgumentException("literal must be a String, Long, Double, Boolean or null, was "
                        + value.getClass().getName());
            }
            if (value instanceof Double && !Double.isFinite((Double) value)) {
                throw new IllegalArgumentException("literal must be a finite number, was " + value);
            }
        }
    }

    /**
     * A call of a scalar function by name, rendered as written in both dialects.
     *
     * @param function the function name: letters, digits and underscores, starting with a letter
     * @param arguments the arguments
     */
    @API(status = EXPERIMENTAL)
    record Call(String function, List<Expression> arguments) implements Expression {
        private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

        /**
         * Validates the call.
         *
         * @throws IllegalArgumentException if the function name is not a plain identifier
         */
        public Call {
            Objects.requireNonNull(function, "function");
            if (!FUNCTION_NAME.matcher(function).matches()) {
                throw new IllegalArgumentException(
                        "function name must match " + FUNCTION_NAME.pattern() + ", was '" + function + "'");
            }
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * An aggregate: {@code COUNT(*)} when {@code argument} is null.
     *
     * @param function the aggregate function
     * @param argument the aggregated expression, {@code null} only for {@code COUNT(*)}
     * @param distinct whether only distinct values count
     */
    @API(status = EXPERIMENTAL)
    record Aggregate(AggregateFunction function, @Nullable Expression argument, boolean distinct)
            implements Expression {
        /**
         * Validates the aggregate.
         *
         * @throws IllegalArgumentException if a function other than COUNT has no argument, or
         *     {@code COUNT(DISTINCT *)} is asked for
         */
        public Aggregate {
            Objects.requireNonNull(function, "function");
            if (argument == null && (function != AggregateFunction.COUNT || distinct)) {
                throw new IllegalArgumentException(function + (distinct ? "(DISTINCT" : "(")
                        + " needs an argument; only COUNT(*) has none");
            }
        }
    }

    /**
     * One {@code WHEN condition THEN result} branch of a {@link Case}.
     *
     * @param condition the condition
     * @param result the value when the condition holds
     */
    @API(status = EXPERIMENTAL)
    record When(Expression condition, Expression result) {
        /** Validates the branch. */
        public When {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * A searched {@code CASE} expression.
     *
     * @param branches the branches, at least one, tried in order
     * @param otherwise the {@code ELSE} value, or {@code null} for SQL's implicit {@code NULL}
     */
    @API(status = EXPERIMENTAL)
    record Case(List<When> branches, @Nullable Expression otherwise) implements Expression {
        /**
         * Validates the expression.
         *
         * @throws IllegalArgumentException if there is no branch
         */
        public Case {
            branches = List.copyOf(branches);
            if (branches.isEmpty()) {
                throw new IllegalArgumentException("CASE needs at least one WHEN branch");
            }
        }
    }

    /**
     * A binary operation, always rendered in parentheses.
     *
     * @param operator the operator
     * @param left the left operand
     * @param right the right operand
     */
    @API(status = EXPERIMENTAL)
    record Binary(Operator operator, Expression left, Expression right) implements Expression {
        /** Validates the operation. */
        public Binary {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /**
     * A unary operation.
     *
     * @param operator the operator
     * @param operand the operand
     */
    @API(status = EXPERIMENTAL)
    record Unary(UnaryOperator operator, Expression operand) implements Expression {
        /** Validates the operation. */
        public Unary {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * {@code CAST(operand AS type)}.
     *
     * @param operand the value
     * @param type the target type
     */
    @API(status = EXPERIMENTAL)
    record Cast(Expression operand, SqlType type) implements Expression {
        /** Validates the cast. */
        public Cast {
            Objects.requireNonNull(operand, "operand");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A timestamp formatted as text with a {@link java.text.SimpleDateFormat} pattern: KDA
     * {@code TIMESTAMP_TO_CHAR(pattern, ts)}, Flink {@code DATE_FORMAT(ts, pattern)}.
     *
     * @param timestamp the timestamp
     * @param pattern the pattern, escaped when rendered
     */
    @API(status = EXPERIMENTAL)
    record FormatTimestamp(Expression timestamp, String pattern) implements Expression {
        /** Validates the expression. */
        public FormatTimestamp {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /**
     * The source's time attribute: KDA's {@code ROWTIME}; in a Flink windowed aggregate the window's
     * {@code window_time} (the result's own time attribute).
     */
    @API(status = EXPERIMENTAL)
    record RowTime() implements Expression {
    }

    /**
     * The start or end of the current window: Flink {@code window_start}/{@code window_end}; KDA the
     * window's {@code STEP}/{@code FLOOR} expression (plus the size for the end).
     *
     * @param bound which bound
     */
    @API(status = EXPERIMENTAL)
    record WindowBound(Bound bound) implements Expression {
        /** Validates the expression. */
        public WindowBound {
            Objects.requireNonNull(bound, "bound");
        }
    }

    /** {@code LOCALTIMESTAMP}: the current time when the row is computed. */
    @API(status = EXPERIMENTAL)
    record LocalTimestamp() implements Expression {
    }
}
