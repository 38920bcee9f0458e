package io.logpipe.analytics.internal;

import io.logpipe.analytics.Column;
import io.logpipe.analytics.Expression;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.SqlType;
import org.jspecify.annotations.Nullable;

/** Infers the static type of an expression where the model can know it. */
public final class Types {

    private Types() {
    }

    /**
     * Returns the type of an expression over a source, or {@code null} if unknown (a function call).
     *
     * @param e the expression
     * @param source the source whose columns are referenced
     * @return the type or {@code null}
     */
    public static @Nullable SqlType infer(Expression e, Source source) {
        if (e instanceof Expression.ColumnRef c) {
            return source.column(c.name()).map(Column::type).orElse(null);
        } else if (e instanceof Expression.Literal l) {
            Object v = l.value();
            if (v instanceof String s) {
                return SqlType.varchar(Math.max(1, s.length()));
            } else if (v instanceof Long) {
                return SqlType.BIGINT;
            } else if (v instanceof Double) {
                return SqlType.DOUBLE;
            } else if (v instanceof Boolean) {
                return SqlType.BOOLEAN;
            }
            return null;
        } else if (e instanceof Expression.Aggregate a) {
            SqlType arg = a.argument() == null ? null : infer(a.argument(), source);
            switch (a.function()) {
                case COUNT:
                    return SqlType.BIGINT;
                case AVG:
                    return SqlType.DOUBLE;
                case SUM:
                    return arg != null && arg.kind() == SqlType.Kind.DOUBLE ? SqlType.DOUBLE : arg == null
                            ? null : SqlType.BIGINT;
                default:
                    return arg;
            }
        } else if (e instanceof Expression.Case c) {
            return infer(c.branches().get(0).result(), source);
        } else if (e instanceof Expression.Binary b) {
            if (b.operator().isPredicate()) {
                return SqlType.BOOLEAN;
            }
            SqlType l = infer(b.left(), source);
            SqlType r = infer(b.right(), source);
            if (l == null || r == null) {
                return null;
            }
            return l.kind() == SqlType.Kind.DOUBLE || r.kind() == SqlType.Kind.DOUBLE ? SqlType.DOUBLE
                    : l.kind() == SqlType.Kind.BIGINT || r.kind() == SqlType.Kind.BIGINT ? SqlType.BIGINT : l;
        } else if (e instanceof Expression.Unary) {
            return SqlType.BOOLEAN;
        } else if (e instanceof Expression.Cast c) {
            return c.type();
        } else if (e instanceof Expression.FormatTimestamp) {
            return SqlType.varchar(64);
        } else if (e instanceof Expression.RowTime) {
            return SqlType.TIMESTAMP_LTZ;
        } else if (e instanceof Expression.WindowBound || e instanceof Expression.LocalTimestamp) {
            return SqlType.TIMESTAMP;
        }
        return null;
    }

    /**
     * Tells whether a value of type {@code from} can go into a column of type {@code to} unchanged.
     *
     * @param from the value's type
     * @param to the column's type
     * @return {@code true} if the kinds are equal (any {@code VARCHAR} length)
     */
    public static boolean assignable(SqlType from, SqlType to) {
        return from.kind() == to.kind();
    }
}
