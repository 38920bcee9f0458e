package io.logpipe.analytics.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.Expression;
import io.logpipe.analytics.FlinkSqlRenderer;
import io.logpipe.analytics.Sink;
import io.logpipe.analytics.Sql;
import io.logpipe.analytics.SqlType;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.analytics.Window;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class QueryCombinerTest {

    private static final TimeAttribute TIME = TimeAttribute.eventTime("datetime", Duration.ofSeconds(5));

    private static StreamQuery query(Expression value, Window window) {
        return Sql.select(Sql.column("response").as("status"), value.as("v"))
                .from(Tutorial.agentSource(TIME))
                .window(window)
                .groupBy(Sql.column("response"))
                .into(Sink.stream("out").column("status", SqlType.INTEGER).column("v", SqlType.BIGINT).build())
                .build();
    }

    @Test
    void rewrite_tutorial_sumsTheLineCountInsteadOfCounting() {
        StreamQuery q = Tutorial.flink(TIME, Duration.ofMinutes(1));

        StreamQuery r = QueryCombiner.rewrite(q);

        assertThat(r).isNotNull();
        String sql = FlinkSqlRenderer.create().render(r).select();
        assertThat(sql).contains("SUM(`" + QueryCombiner.COUNT_COLUMN + "`)").doesNotContain("COUNT(*)");
        assertThat(r.source().columns()).hasSize(q.source().columns().size() + 1);
        assertThat(QueryCombiner.sliceMillis(q)).isEqualTo(60_000);
    }

    @Test
    void rewrite_duplicateInsensitiveAggregates_keepsThem() {
        Window hop = Window.hopping(Duration.ofMinutes(2), Duration.ofMinutes(1));
        assertThat(QueryCombiner.rewrite(query(Sql.max(Sql.column("bytes")), hop))).isNotNull();
        assertThat(QueryCombiner.rewrite(query(Sql.min(Sql.column("bytes")), hop))).isNotNull();
        assertThat(QueryCombiner.rewrite(query(Sql.countDistinct(Sql.column("host")), hop))).isNotNull();
        assertThat(QueryCombiner.sliceMillis(query(Sql.count(), hop))).isEqualTo(60_000);
    }

    @Test
    void rewrite_aggregatesThatCountDuplicatesOrPerRowTime_isNotCombinable() {
        Window w = Window.tumbling(Duration.ofMinutes(1));
        assertThat(QueryCombiner.rewrite(query(Sql.sum(Sql.column("bytes")), w))).isNull();
        assertThat(QueryCombiner.rewrite(query(Sql.avg(Sql.column("bytes")), w))).isNull();
        assertThat(QueryCombiner.rewrite(query(Sql.count(Sql.column("bytes")), w))).isNull();
        assertThat(QueryCombiner.rewrite(query(Sql.max(Sql.rowtime()), w))).isNull();
        assertThat(QueryCombiner.rewrite(query(Sql.count(), Window.session(Duration.ofMinutes(1))))).isNull();
        assertThat(QueryCombiner.sliceMillis(query(Sql.sum(Sql.column("bytes")), w))).isZero();
    }
}
