package io.logpipe.analytics.internal;

import io.logpipe.analytics.Dialect;
import io.logpipe.analytics.Expression;

/** Renders free expressions as KDA SQL text for error messages. */
final class KdaText {

    private KdaText() {
    }

    static String expression(Expression e) {
        SqlWriter w = new SqlWriter(Dialect.KDA);
        new Renderer(Dialect.KDA, false, null).expression(e, w);
        return w.toString();
    }
}
