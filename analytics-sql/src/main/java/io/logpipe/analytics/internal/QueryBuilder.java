package io.logpipe.analytics.internal;

import io.logpipe.analytics.Expression;
import io.logpipe.analytics.FinalStep;
import io.logpipe.analytics.FromStep;
import io.logpipe.analytics.GroupByStep;
import io.logpipe.analytics.HavingStep;
import io.logpipe.analytics.IntoStep;
import io.logpipe.analytics.Name;
import io.logpipe.analytics.Projection;
import io.logpipe.analytics.Sink;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.WhereStep;
import io.logpipe.analytics.Window;
import io.logpipe.analytics.WindowStep;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The immutable implementation of every builder step: each call returns a new instance. */
public final class QueryBuilder implements FromStep, WhereStep, HavingStep, FinalStep {

    private final List<Projection> projections;
    private final @Nullable Source source;
    private final @Nullable Expression where;
    private final @Nullable Window window;
    private final List<Expression> groupBy;
    private final @Nullable Expression having;
    private final @Nullable Sink sink;
    private final Name pump;
    private final @Nullable String pumpComment;
    private final @Nullable String selectComment;

    private QueryBuilder(List<Projection> projections, @Nullable Source source, @Nullable Expression where,
            @Nullable Window window, List<Expression> groupBy, @Nullable Expression having, @Nullable Sink sink,
            Name pump, @Nullable String pumpComment, @Nullable String selectComment) {
        this.projections = projections;
        this.source = source;
        this.where = where;
        this.window = window;
        this.groupBy = groupBy;
        this.having = having;
        this.sink = sink;
        this.pump = pump;
        this.pumpComment = pumpComment;
        this.selectComment = selectComment;
    }

    /**
     * Starts a query.
     *
     * @param projections the select list
     * @return the first step
     */
    public static FromStep start(List<Projection> projections) {
        for (Projection p : projections) {
            Objects.requireNonNull(p, "projection");
        }
        return new QueryBuilder(List.copyOf(projections), null, null, null, List.of(), null, null,
                Name.quoted(DEFAULT_PUMP), null, null);
    }

    @Override
    public WhereStep from(Source newSource) {
        return new QueryBuilder(projections, Objects.requireNonNull(newSource, "source"), where, window, groupBy,
                having, sink, pump, pumpComment, selectComment);
    }

    @Override
    public WindowStep where(Expression condition) {
        return new QueryBuilder(projections, source, Objects.requireNonNull(condition, "condition"), window,
                groupBy, having, sink, pump, pumpComment, selectComment);
    }

    @Override
    public GroupByStep window(Window newWindow) {
        return new QueryBuilder(projections, source, where, Objects.requireNonNull(newWindow, "window"), groupBy,
                having, sink, pump, pumpComment, selectComment);
    }

    @Override
    public HavingStep groupBy(Expression... keys) {
        return new QueryBuilder(projections, source, where, window, List.copyOf(Arrays.asList(keys)), having, sink,
                pump, pumpComment, selectComment);
    }

    @Override
    public IntoStep having(Expression condition) {
        return new QueryBuilder(projections, source, where, window, groupBy,
                Objects.requireNonNull(condition, "condition"), sink, pump, pumpComment, selectComment);
    }

    @Override
    public FinalStep into(Sink newSink) {
        return new QueryBuilder(projections, source, where, window, groupBy, having,
                Objects.requireNonNull(newSink, "sink"), pump, pumpComment, selectComment);
    }

    @Override
    public FinalStep pump(String name) {
        return new QueryBuilder(projections, source, where, window, groupBy, having, sink, Name.quoted(name),
                pumpComment, selectComment);
    }

    @Override
    public FinalStep pumpComment(String comment) {
        return new QueryBuilder(projections, source, where, window, groupBy, having, sink, pump,
                Objects.requireNonNull(comment, "comment"), selectComment);
    }

    @Override
    public FinalStep selectComment(String comment) {
        return new QueryBuilder(projections, source, where, window, groupBy, having, sink, pump, pumpComment,
                Objects.requireNonNull(comment, "comment"));
    }

    @Override
    public StreamQuery build() {
        StreamQuery q = new StreamQuery(Objects.requireNonNull(source, "source"), projections, where, window,
                groupBy, having, Objects.requireNonNull(sink, "sink"), pump, pumpComment, selectComment);
        Validator.validate(q);
        return q;
    }
}
