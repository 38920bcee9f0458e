package io.logpipe.analytics.internal;

import io.logpipe.analytics.Column;
import io.logpipe.analytics.Expression;
import io.logpipe.analytics.Name;
import io.logpipe.analytics.Projection;
import io.logpipe.analytics.QueryValidationException;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.SqlType;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Window;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Checks a whole query and names the first problem found. */
public final class Validator {

    /** The columns Flink's window table-valued functions add to each row. */
    private static final java.util.Set<String> WINDOW_COLUMNS = java.util.Set.of("window_start", "window_end",
            "window_time");

    private Validator() {
    }

    /**
     * Validates a query.
     *
     * @param q the query
     * @throws QueryValidationException naming the problem
     */
    public static void validate(StreamQuery q) {
        Source source = q.source();
        checkTimeAttribute(source);
        if (q.projections().isEmpty()) {
            throw new QueryValidationException("SELECT needs at least one projection");
        }
        if (q.projections().size() != q.sink().columns().size()) {
            throw new QueryValidationException("SELECT has " + q.projections().size() + " columns but sink "
                    + q.sink().name() + " has " + q.sink().columns().size() + ": they must match one to one");
        }
        for (Projection p : q.projections()) {
            checkColumns(p.expression(), source, "SELECT");
            checkNoNestedAggregate(p.expression(), false);
            checkArguments(p.expression(), source);
        }
        if (q.where() != null) {
            checkColumns(q.where(), source, "WHERE");
            if (Expressions.containsAggregate(q.where())) {
                throw new QueryValidationException("WHERE must not contain an aggregate; filter groups with HAVING");
            }
            checkBoolean(q.where(), source, "WHERE");
            checkArguments(q.where(), source);
        }
        for (Expression key : q.groupBy()) {
            checkColumns(key, source, "GROUP BY");
            if (Expressions.containsAggregate(key)) {
                throw new QueryValidationException("GROUP BY must not contain an aggregate");
            }
        }
        if (q.window() != null) {
            checkWindow(q.window(), source);
            for (Column c : source.columns()) {
                if (WINDOW_COLUMNS.contains(c.name().canonical())) {
                    throw new QueryValidationException("source column " + c.name() + " clashes with the column"
                            + " Flink's window functions add under that name: rename it");
                }
            }
        }
        boolean grouped = q.window() != null || !q.groupBy().isEmpty();
        boolean anyWindowBound = q.projections().stream().anyMatch(p -> usesWindow(p.expression()))
                || (q.having() != null && usesWindow(q.having()))
                || (q.where() != null && usesWindow(q.where()));
        if (anyWindowBound && q.window() == null) {
            throw new QueryValidationException(
                    "window_start/window_end need a window: add .window(Window.tumbling(...))");
        }
        if (q.where() != null && usesWindow(q.where())) {
            throw new QueryValidationException("WHERE must not use window bounds; filter groups with HAVING");
        }
        for (Projection p : q.projections()) {
            Expression e = p.expression();
            if (Expressions.containsAggregate(e) && !grouped) {
                throw new QueryValidationException("aggregate " + describe(firstAggregate(e))
                        + " in SELECT needs a group: add .window(Window.tumbling(...)) or .groupBy(...)");
            }
            if (grouped && !Expressions.containsAggregate(e)) {
                Name loose = ungroupedColumn(e, q.groupBy());
                if (loose != null) {
                    throw new QueryValidationException("column " + loose + " in SELECT is neither aggregated nor in"
                            + " GROUP BY: add it to .groupBy(...) or wrap it in an aggregate");
                }
            }
        }
        if (q.having() != null) {
            if (!grouped) {
                throw new QueryValidationException(
                        "HAVING needs a group: add .window(Window.tumbling(...)) or .groupBy(...)");
            }
            checkColumns(q.having(), source, "HAVING");
            checkNoNestedAggregate(q.having(), false);
            checkBoolean(q.having(), source, "HAVING");
            checkArguments(q.having(), source);
            Name loose = ungroupedColumnOutsideAggregates(q.having(), q.groupBy());
            if (loose != null) {
                throw new QueryValidationException("column " + loose
                        + " in HAVING is neither aggregated nor in GROUP BY");
            }
        }
    }

    private static void checkTimeAttribute(Source source) {
        if (source.column(Name.regular(TimeAttribute.COLUMN)).isPresent()) {
            throw new QueryValidationException("source " + source.name() + " declares a column named "
                    + TimeAttribute.COLUMN + ", which is reserved for the time attribute: rename it");
        }
        if (source.time() instanceof TimeAttribute.EventTime et) {
            Column c = source.column(et.column()).orElseThrow(() -> new QueryValidationException(
                    "event time column " + et.column() + " is not a column of source " + source.name()
                            + "; it has: " + columnList(source)));
            if (c.type().kind() != SqlType.Kind.VARCHAR && !c.type().isTimestamp()) {
                throw new QueryValidationException("event time column " + c.name() + " is " + c.type()
                        + "; it must be VARCHAR (parsed with the pattern) or a timestamp");
            }
        }
    }

    private static void checkWindow(Window w, Source source) {
        Name on = w.column();
        if (on == null) {
            return;
        }
        Column c = source.column(on).orElseThrow(() -> new QueryValidationException(
                "window on unknown column " + on + "; source " + source.name() + " has: " + columnList(source)));
        boolean isTime = source.time() instanceof TimeAttribute.EventTime et && et.column().matches(on);
        if (!isTime) {
            throw new QueryValidationException("window on column " + on + " (" + c.type()
                    + ") which is not a time attribute: windows run on the source's time attribute ("
                    + (source.time() instanceof TimeAttribute.EventTime et ? "event time from " + et.column()
                            : "arrival time, ROWTIME")
                    + "); drop .on(...) or declare the column as event time");
        }
    }

    private static void checkColumns(Expression e, Source source, String clause) {
        if (e instanceof Expression.ColumnRef ref && source.column(ref.name()).isEmpty()) {
            throw new QueryValidationException("unknown column " + ref.name() + " in " + clause + "; source "
                    + source.name() + " has: " + columnList(source));
        }
        for (Expression child : Expressions.children(e)) {
            checkColumns(child, source, clause);
        }
    }

    private static void checkArguments(Expression e, Source source) {
        if (e instanceof Expression.Aggregate a && a.argument() != null
                && (a.function() == Expression.AggregateFunction.SUM
                        || a.function() == Expression.AggregateFunction.AVG)) {
            SqlType t = Types.infer(a.argument(), source);
            if (t != null && !t.isNumeric()) {
                throw new QueryValidationException(a.function() + " needs a numeric argument, "
                        + describe(a.argument()) + " is " + t);
            }
        }
        for (Expression child : Expressions.children(e)) {
            checkArguments(child, source);
        }
    }

    private static void checkBoolean(Expression e, Source source, String clause) {
        SqlType t = Types.infer(e, source);
        if (t != null && t.kind() != SqlType.Kind.BOOLEAN) {
            throw new QueryValidationException(clause + " condition must be boolean, was " + t);
        }
    }

    private static void checkNoNestedAggregate(Expression e, boolean insideAggregate) {
        boolean isAgg = e instanceof Expression.Aggregate;
        if (isAgg && insideAggregate) {
            throw new QueryValidationException("aggregate " + describe(e) + " is nested in another aggregate");
        }
        for (Expression child : Expressions.children(e)) {
            checkNoNestedAggregate(child, insideAggregate || isAgg);
        }
    }

    private static boolean usesWindow(Expression e) {
        return Expressions.any(e, x -> x instanceof Expression.WindowBound);
    }

    private static @Nullable Name ungroupedColumn(Expression e, List<Expression> groupBy) {
        if (groupBy.contains(e)) {
            return null;
        }
        if (e instanceof Expression.ColumnRef ref) {
            return ref.name();
        }
        for (Expression child : Expressions.children(e)) {
            Name n = ungroupedColumn(child, groupBy);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    private static @Nullable Name ungroupedColumnOutsideAggregates(Expression e, List<Expression> groupBy) {
        if (e instanceof Expression.Aggregate || groupBy.contains(e)) {
            return null;
        }
        if (e instanceof Expression.ColumnRef ref) {
            return ref.name();
        }
        for (Expression child : Expressions.children(e)) {
            Name n = ungroupedColumnOutsideAggregates(child, groupBy);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    private static Expression firstAggregate(Expression e) {
        if (e instanceof Expression.Aggregate) {
            return e;
        }
        for (Expression child : Expressions.children(e)) {
            if (Expressions.containsAggregate(child)) {
                return firstAggregate(child);
            }
        }
        return e;
    }

    private static String describe(Expression e) {
        return KdaText.expression(e);
    }

    private static String columnList(Source source) {
        return source.columns().stream().map(c -> c.name().toString()).collect(Collectors.joining(", "));
    }
}
