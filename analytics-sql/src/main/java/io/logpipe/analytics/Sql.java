package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.Expression.AggregateFunction;
import io.logpipe.analytics.internal.QueryBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The entry point of the query builder and the factory of expressions (jOOQ's {@code DSL}).
 *
 * <pre>{@code
 * StreamQuery q = Sql.select(
 *         Sql.formatTimestamp(Sql.windowStart(), Tutorial.ISO_UTC_PATTERN).as("datetime"),
 *         Sql.column("response").as("status"),
 *         Sql.count().as("statusCount"))
 *     .from(source)
 *     .window(Window.tumbling(Duration.ofMinutes(1)))
 *     .groupBy(Sql.column("response"))
 *     .into(sink)
 *     .build();
 * }</pre>
 */
@API(status = EXPERIMENTAL)
public final class Sql {

    private Sql() {
    }

    /**
     * Starts a query with its select list.
     *
     * @param projections the output columns, in sink order
     * @return the next step
     */
    public static FromStep select(Projection... projections) {
        return QueryBuilder.start(Arrays.asList(projections));
    }

    /**
     * Starts a query with unnamed projections.
     *
     * @param expressions the output values, in sink order
     * @return the next step
     */
    public static FromStep select(Expression... expressions) {
        List<Projection> ps = new ArrayList<>();
        for (Expression e : expressions) {
            ps.add(new Projection(e, null));
        }
        return QueryBuilder.start(ps);
    }

    /**
     * Returns a reference to a case-sensitive source column.
     *
     * @param name the column name as the source declares it
     * @return the reference
     */
    public static Expression column(String name) {
        return new Expression.ColumnRef(Name.quoted(name));
    }

    /**
     * Returns a string constant.
     *
     * @param value the text, escaped when rendered
     * @return the literal
     */
    public static Expression literal(String value) {
        return new Expression.Literal(value);
    }

    /**
     * Returns an integer constant.
     *
     * @param value the number
     * @return the literal
     */
    public static Expression literal(long value) {
        return new Expression.Literal(value);
    }

    /**
     * Returns a floating-point constant.
     *
     * @param value the number, finite
     * @return the literal
     */
    public static Expression literal(double value) {
        return new Expression.Literal(value);
    }

    /**
     * Returns a boolean constant.
     *
     * @param value the value
     * @return the literal
     */
    public static Expression literal(boolean value) {
        return new Expression.Literal(value);
    }

    /**
     * Returns {@code NULL}.
     *
     * @return the literal
     */
    public static Expression nullLiteral() {
        return new Expression.Literal(null);
    }

    /**
     * Returns {@code COUNT(*)}.
     *
     * @return the aggregate
     */
    public static Expression count() {
        return new Expression.Aggregate(AggregateFunction.COUNT, null, false);
    }

    /**
     * Returns {@code COUNT(e)}: the rows where {@code e} is not null.
     *
     * @param e the expression
     * @return the aggregate
     */
    public static Expression count(Expression e) {
        return new Expression.Aggregate(AggregateFunction.COUNT, e, false);
    }

    /**
     * Returns {@code COUNT(DISTINCT e)}.
     *
     * @param e the expression
     * @return the aggregate
     */
    public static Expression countDistinct(Expression e) {
        return new Expression.Aggregate(AggregateFunction.COUNT, e, true);
    }

    /**
     * Returns {@code SUM(e)}.
     *
     * @param e a numeric expression
     * @return the aggregate
     */
    public static Expression sum(Expression e) {
        return new Expression.Aggregate(AggregateFunction.SUM, e, false);
    }

    /**
     * Returns {@code MIN(e)}.
     *
     * @param e the expression
     * @return the aggregate
     */
    public static Expression min(Expression e) {
        return new Expression.Aggregate(AggregateFunction.MIN, e, false);
    }

    /**
     * Returns {@code MAX(e)}.
     *
     * @param e the expression
     * @return the aggregate
     */
    public static Expression max(Expression e) {
        return new Expression.Aggregate(AggregateFunction.MAX, e, false);
    }

    /**
     * Returns {@code AVG(e)}.
     *
     * @param e a numeric expression
     * @return the aggregate
     */
    public static Expression avg(Expression e) {
        return new Expression.Aggregate(AggregateFunction.AVG, e, false);
    }

    /**
     * Starts a searched {@code CASE} expression.
     *
     * @param condition the first condition
     * @param result its value
     * @return a builder for more branches
     */
    public static CaseBuilder when(Expression condition, Expression result) {
        return new CaseBuilder().when(condition, result);
    }

    /**
     * Returns the HTTP status class of a numeric status column: {@code '1xx'} to {@code '5xx'}, else
     * {@code 'other'}.
     *
     * @param status a numeric expression, for example {@code column("response")}
     * @return the {@code CASE} expression
     */
    public static Expression statusClass(Expression status) {
        CaseBuilder b = new CaseBuilder();
        for (int c = 1; c <= 5; c++) {
            b.when(status.ge(literal(c * 100L)).and(status.lt(literal(c * 100L + 100))), literal(c + "xx"));
        }
        return b.otherwise(literal("other"));
    }

    /**
     * Returns {@code CAST(e AS type)}.
     *
     * @param e the expression
     * @param type the target type
     * @return the cast
     */
    public static Expression cast(Expression e, SqlType type) {
        return new Expression.Cast(e, type);
    }

    /**
     * Returns a call of a scalar function by name; the name is rendered as written in every dialect.
     *
     * @param function the function name, a plain identifier
     * @param arguments the arguments
     * @return the call
     */
    public static Expression call(String function, Expression... arguments) {
        return new Expression.Call(function, Arrays.asList(arguments));
    }

    /**
     * Returns a timestamp formatted with a {@link java.text.SimpleDateFormat} pattern.
     *
     * @param timestamp the timestamp
     * @param pattern the pattern
     * @return the text expression
     */
    public static Expression formatTimestamp(Expression timestamp, String pattern) {
        return new Expression.FormatTimestamp(timestamp, pattern);
    }

    /**
     * Returns the source's time attribute ({@code ROWTIME}).
     *
     * @return the expression
     */
    public static Expression rowtime() {
        return new Expression.RowTime();
    }

    /**
     * Returns the start of the current window.
     *
     * @return the expression
     */
    public static Expression windowStart() {
        return new Expression.WindowBound(Expression.Bound.START);
    }

    /**
     * Returns the end of the current window.
     *
     * @return the expression
     */
    public static Expression windowEnd() {
        return new Expression.WindowBound(Expression.Bound.END);
    }

    /**
     * Returns {@code LOCALTIMESTAMP}.
     *
     * @return the expression
     */
    public static Expression localTimestamp() {
        return new Expression.LocalTimestamp();
    }

    /** Collects the branches of a {@code CASE} expression; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class CaseBuilder {
        private final List<Expression.When> branches = new ArrayList<>();

        private CaseBuilder() {
        }

        /**
         * Adds a branch.
         *
         * @param condition the condition
         * @param result its value
         * @return this builder
         */
        public CaseBuilder when(Expression condition, Expression result) {
            branches.add(new Expression.When(condition, result));
            return this;
        }

        /**
         * Finishes the expression with an {@code ELSE} value.
         *
         * @param result the value when no condition holds
         * @return the expression
         */
        public Expression otherwise(Expression result) {
            return new Expression.Case(branches, result);
        }

        /**
         * Finishes the expression without {@code ELSE} (SQL yields {@code NULL}).
         *
         * @return the expression
         */
        public Expression end() {
            return new Expression.Case(branches, null);
        }
    }
}
