package io.logpipe.analytics.flink.internal;

import io.logpipe.analytics.Column;
import io.logpipe.analytics.Expression;
import io.logpipe.analytics.Name;
import io.logpipe.analytics.Projection;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.SqlType;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.Window;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a query can be fed combined rows ({@link BatchRows}: equal rows of one window slice
 * sent once, with their number in the column {@value #COUNT_COLUMN}) and rewrites it for them. This is a
 * map-side combine in front of Flink's own window aggregation: the windows, watermarks and the final
 * aggregation stay Flink's.
 *
 * <p>A query qualifies when it aggregates over a tumbling or hopping window and every aggregate gives the
 * same result for a row repeated {@code n} times as for the combined row: {@code COUNT(*)} (rewritten to
 * {@code SUM(count column)}), {@code MIN}, {@code MAX} and {@code COUNT(DISTINCT x)} (unchanged). A
 * query that mentions {@code ROWTIME} or {@code LOCALTIMESTAMP} outside the window (a combined row has
 * one timestamp for many lines), uses {@code SUM}, {@code AVG} or {@code COUNT(x)}, or has a session
 * window or no window, is not combined. Stateless and thread-safe.
 */
public final class QueryCombiner {

    /** The column of a combined row that holds how many lines it stands for: {@value}. */
    public static final String COUNT_COLUMN = "__logpipe_lines";

    private QueryCombiner() {
    }

    /**
     * Returns the window slice in which equal rows may be combined.
     *
     * @param query the query
     * @return the slice in milliseconds, or 0 if the query cannot take combined rows
     */
    public static long sliceMillis(StreamQuery query) {
        return rewrite(query) == null ? 0 : slice(query.window());
    }

    /**
     * Returns the query over combined rows: the source gains the {@code BIGINT} column
     * {@value #COUNT_COLUMN} and {@code COUNT(*)} becomes its {@code SUM}.
     *
     * @param query the query
     * @return the rewritten query, or {@code null} if it cannot take combined rows
     */
    public static @Nullable StreamQuery rewrite(StreamQuery query) {
        Window w = query.window();
        if (slice(w) == 0 || !query.isAggregating()
                || query.source().column(Name.quoted(COUNT_COLUMN)).isPresent()) {
            return null;
        }
        try {
            List<Projection> projections = new ArrayList<>();
            for (Projection p : query.projections()) {
                projections.add(new Projection(rewrite(p.expression(), false), p.alias()));
            }
            Expression where = query.where();
            if (where != null) {
                noAggregate(where);
            }
            for (Expression g : query.groupBy()) {
                noAggregate(g);
            }
            Expression h = query.having();
            Expression having = h == null ? null : rewrite(h, false);
            List<Column> columns = new ArrayList<>(query.source().columns());
            columns.add(new Column(Name.quoted(COUNT_COLUMN), SqlType.BIGINT));
            Source source = new Source(query.source().name(), columns, query.source().time());
            return new StreamQuery(source, projections, where, w, query.groupBy(), having, query.sink(),
                    query.pump(), query.pumpComment(), query.selectComment());
        } catch (NotCombinable e) {
            return null;
        }
    }

    private static long slice(@Nullable Window w) {
        if (w instanceof Window.Tumbling t) {
            return t.size().toMillis();
        } else if (w instanceof Window.Hopping h) {
            return h.slide().toMillis();
        }
        return 0;
    }

    private static void noAggregate(Expression e) {
        if (e instanceof Expression.Aggregate) {
            throw new NotCombinable();
        }
        rewrite(e, false);
    }

    private static Expression rewrite(Expression e, boolean inAggregate) {
        if (e instanceof Expression.ColumnRef || e instanceof Expression.Literal
                || e instanceof Expression.WindowBound) {
            return e;
        } else if (e instanceof Expression.RowTime || e instanceof Expression.LocalTimestamp) {
            throw new NotCombinable();
        } else if (e instanceof Expression.Aggregate a) {
            if (inAggregate) {
                throw new NotCombinable();
            }
            boolean keep = a.function() == Expression.AggregateFunction.MIN
                    || a.function() == Expression.AggregateFunction.MAX
                    || a.function() == Expression.AggregateFunction.COUNT && a.distinct();
            if (keep) {
                return new Expression.Aggregate(a.function(), rewrite(java.util.Objects.requireNonNull(a.argument(), "argument"), true), a.distinct());
            }
            if (a.function() == Expression.AggregateFunction.COUNT && a.argument() == null) {
                return new Expression.Aggregate(Expression.AggregateFunction.SUM,
                        new Expression.ColumnRef(Name.quoted(COUNT_COLUMN)), false);
            }
            throw new NotCombinable();
        } else if (e instanceof Expression.Call c) {
            List<Expression> args = new ArrayList<>();
            for (Expression x : c.arguments()) {
                args.add(rewrite(x, inAggregate));
            }
            return new Expression.Call(c.function(), args);
        } else if (e instanceof Expression.Case c) {
            List<Expression.When> branches = new ArrayList<>();
            for (Expression.When b : c.branches()) {
                branches.add(new Expression.When(rewrite(b.condition(), inAggregate), rewrite(b.result(), inAggregate)));
            }
            Expression otherwise = c.otherwise();
            return new Expression.Case(branches, otherwise == null ? null : rewrite(otherwise, inAggregate));
        } else if (e instanceof Expression.Binary b) {
            return new Expression.Binary(b.operator(), rewrite(b.left(), inAggregate), rewrite(b.right(), inAggregate));
        } else if (e instanceof Expression.Unary u) {
            return new Expression.Unary(u.operator(), rewrite(u.operand(), inAggregate));
        } else if (e instanceof Expression.Cast c) {
            return new Expression.Cast(rewrite(c.operand(), inAggregate), c.type());
        } else if (e instanceof Expression.FormatTimestamp f) {
            return new Expression.FormatTimestamp(rewrite(f.timestamp(), inAggregate), f.pattern());
        }
        throw new NotCombinable(); // a kind of expression added later: play safe
    }

    /** Thrown inside the rewrite when the query cannot take combined rows. */
    private static final class NotCombinable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotCombinable() {
            super(null, null, false, false);
        }
    }
}
