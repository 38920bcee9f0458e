package io.logpipe.analytics;

import static io.logpipe.analytics.Sql.column;
import static io.logpipe.analytics.Sql.count;
import static io.logpipe.analytics.Sql.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ValidationTest {

    private static final Source SOURCE = Tutorial.kdaSource();
    private static final Sink ONE = Sink.stream("OUT").column("c", SqlType.BIGINT).build();
    private static final Sink TWO = Sink.stream("OUT").column("a", SqlType.INTEGER).column("c", SqlType.BIGINT).build();

    @Test
    void build_unknownColumn_namesColumnAndClause() {
        assertThatThrownBy(() -> Sql.select(column("status").as("s"), count().as("c"))
                        .from(SOURCE).window(Window.tumbling(Duration.ofMinutes(1))).groupBy(column("status"))
                        .into(TWO).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("unknown column \"status\" in SELECT")
                .hasMessageContaining("\"response\"");
    }

    @Test
    void build_unknownColumnInWhere_namesWhere() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE).where(column("nope").eq(literal(1)))
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("unknown column \"nope\" in WHERE");
    }

    @Test
    void build_aggregateWithoutGroup_namesAggregate() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("aggregate COUNT(*) in SELECT needs a group");
    }

    @Test
    void build_windowOnNonTimeColumn_namesColumnAndType() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE)
                        .window(Window.tumbling(Duration.ofMinutes(1)).on("datetime")).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("window on column \"datetime\" (VARCHAR(32)) which is not a time attribute");
    }

    @Test
    void build_windowOnUnknownColumn_namesColumn() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE)
                        .window(Window.hopping(Duration.ofMinutes(2), Duration.ofMinutes(1)).on("when"))
                        .into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("window on unknown column \"when\"");
    }

    @Test
    void build_windowOnEventTimeColumn_isAccepted() {
        Source events = SOURCE.withTime(TimeAttribute.eventTime("datetime", Duration.ofSeconds(1)));

        StreamQuery q = Sql.select(count().as("c")).from(events)
                .window(Window.session(Duration.ofMinutes(5)).on("datetime")).into(ONE).build();

        assertThat(q.window()).isEqualTo(new Window.Session(Duration.ofMinutes(5), Name.quoted("datetime")));
    }

    @Test
    void build_ungroupedColumn_namesColumn() {
        assertThatThrownBy(() -> Sql.select(column("host").as("a"), count().as("c")).from(SOURCE)
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(TWO).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("column \"host\" in SELECT is neither aggregated nor in GROUP BY");
    }

    @Test
    void build_sinkWidthDiffers_namesBothCounts() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE)
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(TWO).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("SELECT has 1 columns but sink \"OUT\" has 2");
    }

    @Test
    void build_havingWithoutGroup_isRejected() {
        assertThatThrownBy(() -> Sql.select(column("host").as("c")).from(SOURCE)
                        .groupBy().having(count().gt(literal(1))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("HAVING needs a group");
    }

    @Test
    void build_havingOnUngroupedColumn_isRejected() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE)
                        .window(Window.tumbling(Duration.ofMinutes(1)))
                        .having(column("host").eq(literal("x"))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("column \"host\" in HAVING is neither aggregated nor in GROUP BY");
    }

    @Test
    void build_sumOfText_namesTypes() {
        assertThatThrownBy(() -> Sql.select(Sql.sum(column("host")).as("c")).from(SOURCE)
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("SUM needs a numeric argument, \"host\" is VARCHAR(16)");
    }

    @Test
    void build_nestedAggregate_isRejected() {
        assertThatThrownBy(() -> Sql.select(Sql.max(count()).as("c")).from(SOURCE)
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("aggregate COUNT(*) is nested in another aggregate");
    }

    @Test
    void build_aggregateInWhere_isRejected() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE).where(count().gt(literal(1)))
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("WHERE must not contain an aggregate");
    }

    @Test
    void build_nonBooleanWhere_namesType() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE).where(column("response"))
                        .window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("WHERE condition must be boolean, was SMALLINT");
    }

    @Test
    void build_windowStartWithoutWindow_isRejected() {
        assertThatThrownBy(() -> Sql.select(Sql.windowStart().as("c")).from(SOURCE).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("window_start/window_end need a window");
    }

    @Test
    void build_groupByAggregate_isRejected() {
        assertThatThrownBy(() -> Sql.select(count().as("c")).from(SOURCE).groupBy(count()).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("GROUP BY must not contain an aggregate");
    }

    @Test
    void build_eventTimeOnMissingOrNumericColumn_isRejected() {
        Source missing = SOURCE.withTime(TimeAttribute.eventTime("ts", Duration.ZERO));
        Source numeric = SOURCE.withTime(TimeAttribute.eventTime("bytes", Duration.ZERO));

        assertThatThrownBy(() -> Sql.select(column("host").as("c")).from(missing).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("event time column \"ts\" is not a column");
        assertThatThrownBy(() -> Sql.select(column("host").as("c")).from(numeric).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("event time column \"bytes\" is SMALLINT");
    }

    @Test
    void build_windowedSourceWithColumnNamedWindowStart_isRejected() {
        Source s = Source.stream("S").column("window_start", SqlType.BIGINT).arrivalTime();

        assertThatThrownBy(() -> Sql.select(Sql.count().as("c")).from(s).window(Window.tumbling(Duration.ofMinutes(1)))
                        .into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("source column \"window_start\" clashes with the column Flink's window");
    }

    @Test
    void build_columnNamedRowtime_isRejected() {
        Source s = Source.stream("S").column("ROWTIME", SqlType.BIGINT).arrivalTime();

        assertThatThrownBy(() -> Sql.select(Sql.count().as("c")).from(s).groupBy(column("ROWTIME")).into(ONE).build())
                .isInstanceOf(QueryValidationException.class)
                .hasMessageContaining("reserved for the time attribute");
    }

    @Test
    void render_kdaHoppingOrSession_isRejectedWithDialectHint() {
        StreamQuery hop = Sql.select(count().as("c")).from(SOURCE)
                .window(Window.hopping(Duration.ofMinutes(2), Duration.ofMinutes(1))).into(ONE).build();
        StreamQuery session = hop.withWindow(Window.session(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> KdaSqlRenderer.standard().render(hop))
                .isInstanceOf(QueryValidationException.class).hasMessageContaining("no hopping window");
        assertThatThrownBy(() -> KdaSqlRenderer.standard().render(session))
                .isInstanceOf(QueryValidationException.class).hasMessageContaining("no session window");
    }

    @Test
    void modelConstructors_invalidValues_nameTheValue() {
        assertThatThrownBy(() -> Name.quoted("")).hasMessageContaining("must not be empty or blank");
        assertThatThrownBy(() -> Name.quoted(" \t")).hasMessageContaining("must not be empty or blank");
        assertThatThrownBy(() -> Name.regular("a\nb")).hasMessageContaining("must not contain a line break");
        assertThatThrownBy(() -> SqlType.varchar(0)).hasMessageContaining("VARCHAR(0)");
        assertThatThrownBy(() -> new SqlType(SqlType.Kind.INTEGER, 3)).hasMessageContaining("INTEGER(3)");
        assertThatThrownBy(() -> Window.tumbling(Duration.ofMillis(1500))).hasMessageContaining("size must be whole");
        assertThatThrownBy(() -> Window.hopping(Duration.ofMinutes(1), Duration.ofSeconds(7)))
                .hasMessageContaining("multiple of slide");
        assertThatThrownBy(() -> TimeAttribute.eventTime("datetime", Duration.ofSeconds(-1)))
                .hasMessageContaining("maxOutOfOrderness");
        assertThatThrownBy(() -> Sql.call("f; DROP TABLE x")).hasMessageContaining("function name must match");
        assertThatThrownBy(() -> Sql.literal(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Expression.Literal(new Object())).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> new Expression.Aggregate(Expression.AggregateFunction.SUM, null, false))
                .hasMessageContaining("SUM( needs an argument");
        assertThatThrownBy(() -> new Expression.Case(java.util.List.of(), null)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Source.stream("S").column("a", SqlType.BIGINT).column("a", SqlType.BIGINT)
                .arrivalTime()).hasMessageContaining("declares column \"a\" twice");
        assertThatThrownBy(() -> Source.stream("S").arrivalTime()).hasMessageContaining("at least one column");
        assertThatThrownBy(() -> Sink.stream("S").build()).hasMessageContaining("at least one column");
        assertThat(new Expression.Literal(7).value()).isEqualTo(7L);
    }

    @Test
    void steps_areImmutable_branchesDoNotInterfere() {
        FromStep start = Sql.select(count().as("c"));
        WhereStep from = start.from(SOURCE);

        StreamQuery filtered = from.where(column("response").ge(literal(500)))
                .window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).build();
        StreamQuery plain = from.window(Window.tumbling(Duration.ofMinutes(1))).into(ONE).pump("P").build();

        assertThat(filtered.where()).isNotNull();
        assertThat(plain.where()).isNull();
        assertThat(plain.pump()).isEqualTo(Name.quoted("P"));
        assertThat(filtered.pump()).isEqualTo(Name.quoted(FinalStep.DEFAULT_PUMP));
        assertThat(plain.isAggregating()).isTrue();
    }
}
