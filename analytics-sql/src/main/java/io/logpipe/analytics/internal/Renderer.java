package io.logpipe.analytics.internal;

import io.logpipe.analytics.Column;
import io.logpipe.analytics.Dialect;
import io.logpipe.analytics.Expression;
import io.logpipe.analytics.Name;
import io.logpipe.analytics.Projection;
import io.logpipe.analytics.QueryValidationException;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.SqlType;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders queries to Flink SQL and KDA SQL. Names and values go through {@link SqlWriter} only. */
public final class Renderer {

    private static final Name ROWTIME = Name.regular(TimeAttribute.COLUMN);

    private final Dialect dialect;
    private final boolean tutorialStyle;
    private final @Nullable StreamQuery query;

    /**
     * Creates a renderer.
     *
     * @param dialect the dialect
     * @param tutorialStyle KDA only: write {@code as} for plain aliases and the {@code FLOOR} window
     *     form, as the tutorial's hand-written text does
     * @param query the query whose expressions are rendered, or {@code null} for free expressions
     */
    public Renderer(Dialect dialect, boolean tutorialStyle, @Nullable StreamQuery query) {
        this.dialect = dialect;
        this.tutorialStyle = tutorialStyle;
        this.query = query;
    }

    // ---------------------------------------------------------------- KDA

    /**
     * Renders the KDA statements: the destination stream and the pump.
     *
     * @return the SQL text
     */
    public String kda() {
        StreamQuery q = requireQuery();
        if (q.window() instanceof Window.Hopping || q.window() instanceof Window.Session) {
            throw new QueryValidationException("KDA SQL has no " + (q.window() instanceof Window.Hopping
                    ? "hopping" : "session") + " window; render this query with Dialect.FLINK");
        }
        SqlWriter w = new SqlWriter(Dialect.KDA);
        w.sql("CREATE OR REPLACE STREAM ").identifier(q.sink().name()).sql(" (");
        List<Column> cols = q.sink().columns();
        for (int i = 0; i < cols.size(); i++) {
            w.sql("\n ").identifier(cols.get(i).name()).sql(" ").sql(kdaType(cols.get(i).type()))
                    .sql(i + 1 < cols.size() ? "," : ");\n");
        }
        if (q.pumpComment() != null) {
            w.comment(q.pumpComment());
        }
        w.sql("CREATE OR REPLACE PUMP ").identifier(q.pump()).sql(" AS\n INSERT INTO ").identifier(q.sink().name())
                .sql("\n");
        if (q.selectComment() != null) {
            w.comment(q.selectComment());
        }
        w.sql(" SELECT\n STREAM ");
        List<Projection> ps = q.projections();
        for (int i = 0; i < ps.size(); i++) {
            Projection p = ps.get(i);
            if (i > 0) {
                w.sql(",\n ");
            }
            expression(p.expression(), w);
            if (p.alias() != null) {
                boolean lower = tutorialStyle && !Expressions.containsAggregate(p.expression());
                w.sql(lower ? " as " : " AS ").identifier(p.alias());
            }
        }
        w.sql("\n FROM ").identifier(q.source().name());
        if (q.where() != null) {
            w.sql("\n WHERE ");
            expression(q.where(), w);
        }
        List<String> keys = new ArrayList<>();
        for (Expression key : q.groupBy()) {
            SqlWriter k = new SqlWriter(Dialect.KDA);
            expression(key, k);
            keys.add(k.toString());
        }
        if (q.window() != null) {
            if (q.source().time() instanceof TimeAttribute.EventTime) {
                // KDA emits a group only when a monotonic expression (ROWTIME) changes: group by both
                keys.add(kdaWindow(q, kdaRowtime(q)));
            }
            keys.add(kdaWindow(q, kdaTimeExpression(q)));
        }
        if (!keys.isEmpty()) {
            w.sql("\n GROUP BY\n ").sql(String.join(",\n ", keys));
        }
        if (q.having() != null) {
            w.sql("\n HAVING ");
            expression(q.having(), w);
        }
        w.sql(";\n");
        return w.toString();
    }

    private String kdaRowtime(StreamQuery q) {
        return SqlWriter.quoteIdentifier(Dialect.KDA, q.source().name()) + ".ROWTIME";
    }

    private String kdaTimeExpression(StreamQuery q) {
        if (q.source().time() instanceof TimeAttribute.EventTime et) {
            Column c = q.source().column(et.column()).orElseThrow();
            String col = SqlWriter.quoteIdentifier(Dialect.KDA, et.column());
            return c.type().isTimestamp() ? col
                    : "CHAR_TO_TIMESTAMP(" + SqlWriter.quoteString(et.pattern()) + ", " + col + ")";
        }
        return kdaRowtime(q);
    }

    private String kdaWindow(StreamQuery q, String time) {
        if (!(q.window() instanceof Window.Tumbling tumbling)) {
            throw new IllegalStateException("KDA SQL windows are tumbling, not " + q.window());
        }
        Duration size = tumbling.size();
        Interval iv = Interval.of(size);
        if (tutorialStyle) {
            return "FLOOR((" + time + " - TIMESTAMP '1970-01-01 00:00:00') " + iv.unit.toLowerCase(java.util.Locale.ROOT)
                    + " / " + iv.amount + " TO " + iv.unit + ")";
        }
        return "STEP(" + time + " BY " + iv.sql() + ")";
    }

    /**
     * Renders a KDA SQL type.
     *
     * @param t the type
     * @return the type text
     */
    public static String kdaType(SqlType t) {
        return t.kind() == SqlType.Kind.TIMESTAMP_LTZ ? "TIMESTAMP" : t.toString();
    }

    // ---------------------------------------------------------------- Flink

    /**
     * Renders the Flink source table DDL.
     *
     * @param options the connector options of the {@code WITH} clause
     * @return the {@code CREATE TABLE} statement, without a trailing semicolon
     */
    public String flinkSourceDdl(Map<String, String> options) {
        StreamQuery q = requireQuery();
        Source s = q.source();
        SqlWriter w = new SqlWriter(Dialect.FLINK);
        w.sql("CREATE TABLE ").identifier(s.name()).sql(" (\n");
        for (Column c : s.columns()) {
            w.sql("  ").identifier(c.name()).sql(" ").sql(flinkType(c.type())).sql(",\n");
        }
        w.sql("  ").identifier(ROWTIME).sql(" AS ");
        if (s.time() instanceof TimeAttribute.EventTime et) {
            Column c = s.column(et.column()).orElseThrow();
            if (c.type().isTimestamp()) {
                w.sql("CAST(").identifier(c.name()).sql(" AS TIMESTAMP_LTZ(3))");
            } else {
                // unparsable text gives NULL or a negative number: map both to the epoch, which makes the
                // row late (dropped and counted in Flink's numLateRecordsDropped) instead of failing the job
                w.sql("TO_TIMESTAMP_LTZ(GREATEST(COALESCE(UNIX_TIMESTAMP(").identifier(c.name()).sql(", ")
                        .string(et.pattern()).sql("), 0), 0) * 1000, 3)");
            }
            w.sql(",\n  WATERMARK FOR ").identifier(ROWTIME).sql(" AS ").identifier(ROWTIME).sql(" - ")
                    .sql(Interval.ofMillis(et.maxOutOfOrderness()));
        } else {
            w.sql("PROCTIME()");
        }
        w.sql("\n)");
        with(options, w);
        return w.toString();
    }

    /**
     * Renders the Flink sink table DDL.
     *
     * @param options the connector options of the {@code WITH} clause
     * @return the {@code CREATE TABLE} statement, without a trailing semicolon
     */
    public String flinkSinkDdl(Map<String, String> options) {
        StreamQuery q = requireQuery();
        SqlWriter w = new SqlWriter(Dialect.FLINK);
        w.sql("CREATE TABLE ").identifier(q.sink().name()).sql(" (\n");
        List<Column> cols = q.sink().columns();
        for (int i = 0; i < cols.size(); i++) {
            w.sql("  ").identifier(cols.get(i).name()).sql(" ").sql(flinkType(cols.get(i).type()))
                    .sql(i + 1 < cols.size() ? ",\n" : "\n");
        }
        w.sql(")");
        with(options, w);
        return w.toString();
    }

    private static void with(Map<String, String> options, SqlWriter w) {
        if (options.isEmpty()) {
            return;
        }
        w.sql(" WITH (\n");
        int i = 0;
        for (Map.Entry<String, String> e : options.entrySet()) {
            w.sql("  ").string(e.getKey()).sql(" = ").string(e.getValue()).sql(++i < options.size() ? ",\n" : "\n");
        }
        w.sql(")");
    }

    /**
     * Renders the Flink {@code SELECT}, with casts to the sink's column types where they differ.
     *
     * @return the query text
     */
    public String flinkSelect() {
        StreamQuery q = requireQuery();
        SqlWriter w = new SqlWriter(Dialect.FLINK);
        if (q.selectComment() != null) {
            w.comment(q.selectComment());
        }
        w.sql("SELECT\n  ");
        List<Projection> ps = q.projections();
        for (int i = 0; i < ps.size(); i++) {
            Projection p = ps.get(i);
            if (i > 0) {
                w.sql(",\n  ");
            }
            SqlType target = q.sink().columns().get(i).type();
            SqlType actual = Types.infer(p.expression(), q.source());
            boolean cast = actual != null && !Types.assignable(actual, target);
            if (cast) {
                w.sql("CAST(");
            }
            expression(p.expression(), w);
            if (cast) {
                w.sql(" AS ").sql(flinkType(target)).sql(")");
            }
            w.sql(" AS ").identifier(p.alias() != null ? p.alias() : q.sink().columns().get(i).name());
        }
        w.sql("\nFROM ");
        Window win = q.window();
        if (win == null) {
            w.identifier(q.source().name());
        } else {
            w.sql("TABLE(");
            if (win instanceof Window.Tumbling t) {
                w.sql("TUMBLE(TABLE ").identifier(q.source().name()).sql(", DESCRIPTOR(").identifier(ROWTIME)
                        .sql("), ").sql(Interval.of(t.size()).sql()).sql(")");
            } else if (win instanceof Window.Hopping h) {
                w.sql("HOP(TABLE ").identifier(q.source().name()).sql(", DESCRIPTOR(").identifier(ROWTIME)
                        .sql("), ").sql(Interval.of(h.slide()).sql()).sql(", ").sql(Interval.of(h.size()).sql())
                        .sql(")");
            } else {
                Window.Session s = (Window.Session) win;
                w.sql("SESSION(TABLE ").identifier(q.source().name()).sql(", DESCRIPTOR(").identifier(ROWTIME)
                        .sql("), ").sql(Interval.of(s.gap()).sql()).sql(")");
            }
            w.sql(")");
        }
        if (q.where() != null) {
            w.sql("\nWHERE ");
            expression(q.where(), w);
        }
        List<Runnable> keys = new ArrayList<>();
        if (win != null) {
            keys.add(() -> w.sql("window_start, window_end"));
            boolean rowtime = q.projections().stream().anyMatch(p -> Expressions.any(p.expression(),
                    x -> x instanceof Expression.RowTime))
                    || (q.having() != null && Expressions.any(q.having(), x -> x instanceof Expression.RowTime));
            if (rowtime) {
                keys.add(() -> w.sql("window_time"));
            }
        }
        for (Expression key : q.groupBy()) {
            keys.add(() -> expression(key, w));
        }
        if (!keys.isEmpty()) {
            w.sql("\nGROUP BY ");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    w.sql(", ");
                }
                keys.get(i).run();
            }
        }
        if (q.having() != null) {
            w.sql("\nHAVING ");
            expression(q.having(), w);
        }
        return w.toString();
    }

    /**
     * Renders the Flink {@code INSERT INTO sink SELECT ...}.
     *
     * @return the statement, without a trailing semicolon
     */
    public String flinkInsert() {
        StreamQuery q = requireQuery();
        SqlWriter w = new SqlWriter(Dialect.FLINK);
        if (q.pumpComment() != null) {
            w.comment(q.pumpComment());
        }
        w.sql("INSERT INTO ").identifier(q.sink().name()).sql("\n").sql(flinkSelect());
        return w.toString();
    }

    /**
     * Renders a Flink SQL type.
     *
     * @param t the type
     * @return the type text
     */
    public static String flinkType(SqlType t) {
        switch (t.kind()) {
            case VARCHAR:
                return "STRING";
            case INTEGER:
                return "INT";
            case TIMESTAMP:
                return "TIMESTAMP(3)";
            case TIMESTAMP_LTZ:
                return "TIMESTAMP_LTZ(3)";
            default:
                return t.kind().name();
        }
    }

    // ---------------------------------------------------------------- expressions

    /**
     * Renders one expression.
     *
     * @param e the expression
     * @param w the writer
     */
    public void expression(Expression e, SqlWriter w) {
        if (e instanceof Expression.ColumnRef c) {
            w.identifier(c.name());
        } else if (e instanceof Expression.Literal l) {
            literal(l.value(), w);
        } else if (e instanceof Expression.Call c) {
            w.sql(c.function()).sql("(");
            for (int i = 0; i < c.arguments().size(); i++) {
                if (i > 0) {
                    w.sql(", ");
                }
                expression(c.arguments().get(i), w);
            }
            w.sql(")");
        } else if (e instanceof Expression.Aggregate a) {
            w.sql(a.function().name()).sql("(");
            if (a.argument() == null) {
                w.sql("*");
            } else {
                if (a.distinct()) {
                    w.sql("DISTINCT ");
                }
                expression(a.argument(), w);
            }
            w.sql(")");
        } else if (e instanceof Expression.Case c) {
            w.sql("CASE");
            for (Expression.When when : c.branches()) {
                w.sql(" WHEN ");
                expression(when.condition(), w);
                w.sql(" THEN ");
                expression(when.result(), w);
            }
            if (c.otherwise() != null) {
                w.sql(" ELSE ");
                expression(c.otherwise(), w);
            }
            w.sql(" END");
        } else if (e instanceof Expression.Binary b) {
            w.sql("(");
            expression(b.left(), w);
            w.sql(" ").sql(b.operator().sql()).sql(" ");
            expression(b.right(), w);
            w.sql(")");
        } else if (e instanceof Expression.Unary u) {
            w.sql("(");
            if (u.operator() == Expression.UnaryOperator.NOT) {
                w.sql("NOT ");
                expression(u.operand(), w);
            } else {
                expression(u.operand(), w);
                w.sql(u.operator() == Expression.UnaryOperator.IS_NULL ? " IS NULL" : " IS NOT NULL");
            }
            w.sql(")");
        } else if (e instanceof Expression.Cast c) {
            w.sql("CAST(");
            expression(c.operand(), w);
            w.sql(" AS ").sql(dialect == Dialect.FLINK ? flinkType(c.type()) : kdaType(c.type())).sql(")");
        } else if (e instanceof Expression.FormatTimestamp f) {
            if (dialect == Dialect.FLINK) {
                w.sql("DATE_FORMAT(");
                expression(f.timestamp(), w);
                w.sql(", ").string(f.pattern()).sql(")");
            } else {
                w.sql("TIMESTAMP_TO_CHAR(").string(f.pattern()).sql(", ");
                expression(f.timestamp(), w);
                w.sql(")");
            }
        } else if (e instanceof Expression.RowTime) {
            if (dialect == Dialect.KDA) {
                w.sql("ROWTIME");
            } else if (query != null && query.window() != null) {
                w.sql("window_time");
            } else {
                w.identifier(ROWTIME);
            }
        } else if (e instanceof Expression.WindowBound b) {
            windowBound(b.bound(), w);
        } else {
            w.sql("LOCALTIMESTAMP");
        }
    }

    private void windowBound(Expression.Bound bound, SqlWriter w) {
        if (dialect == Dialect.FLINK || query == null || !(query.window() instanceof Window.Tumbling t)) {
            w.sql(bound == Expression.Bound.START ? "window_start" : "window_end");
            return;
        }
        String start = kdaWindow(query, kdaTimeExpression(query));
        w.sql(bound == Expression.Bound.START ? start : "(" + start + " + " + Interval.of(t.size()).sql() + ")");
    }

    private static void literal(@Nullable Object v, SqlWriter w) {
        if (v == null) {
            w.sql("NULL");
        } else if (v instanceof String s) {
            w.string(s);
        } else if (v instanceof Boolean b) {
            w.sql(b ? "TRUE" : "FALSE");
        } else if (v instanceof Double d) {
            w.sql(Double.toString(d));
        } else {
            w.sql(v.toString());
        }
    }

    private StreamQuery requireQuery() {
        if (query == null) {
            throw new IllegalStateException("no query to render");
        }
        return query;
    }

    /** An interval literal in the largest unit that divides the duration. */
    static final class Interval {
        final long amount;
        final String unit;

        private Interval(long amount, String unit) {
            this.amount = amount;
            this.unit = unit;
        }

        static Interval of(Duration d) {
            long s = d.getSeconds();
            if (s % 86_400 == 0) {
                return new Interval(s / 86_400, "DAY");
            } else if (s % 3600 == 0) {
                return new Interval(s / 3600, "HOUR");
            } else if (s % 60 == 0) {
                return new Interval(s / 60, "MINUTE");
            }
            return new Interval(s, "SECOND");
        }

        static String ofMillis(Duration d) {
            long ms = d.toMillis();
            if (ms % 1000 == 0) {
                return of(Duration.ofMillis(ms)).sqlOrZero();
            }
            String digits = Long.toString(ms / 1000);
            return "INTERVAL '" + digits + "." + String.format(java.util.Locale.ROOT, "%03d", ms % 1000)
                    + "' SECOND" + (digits.length() > 2 ? "(" + digits.length() + ", 3)" : "");
        }

        private String sqlOrZero() {
            return amount == 0 ? "INTERVAL '0' SECOND" : sql();
        }

        String sql() {
            String digits = Long.toString(amount);
            return "INTERVAL '" + digits + "' " + unit + (digits.length() > 2 ? "(" + digits.length() + ")" : "");
        }
    }
}
