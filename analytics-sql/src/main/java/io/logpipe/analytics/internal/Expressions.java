package io.logpipe.analytics.internal;

import io.logpipe.analytics.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Walks expression trees. */
public final class Expressions {

    private Expressions() {
    }

    /**
     * Returns the direct children of an expression.
     *
     * @param e the expression
     * @return its operands, in order
     */
    public static List<Expression> children(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof Expression.Call c) {
            out.addAll(c.arguments());
        } else if (e instanceof Expression.Aggregate a) {
            if (a.argument() != null) {
                out.add(a.argument());
            }
        } else if (e instanceof Expression.Case c) {
            for (Expression.When w : c.branches()) {
                out.add(w.condition());
                out.add(w.result());
            }
            if (c.otherwise() != null) {
                out.add(c.otherwise());
            }
        } else if (e instanceof Expression.Binary b) {
            out.add(b.left());
            out.add(b.right());
        } else if (e instanceof Expression.Unary u) {
            out.add(u.operand());
        } else if (e instanceof Expression.Cast c) {
            out.add(c.operand());
        } else if (e instanceof Expression.FormatTimestamp f) {
            out.add(f.timestamp());
        }
        return out;
    }

    /**
     * Tells whether any node of the tree satisfies the predicate.
     *
     * @param e the root
     * @param p the predicate
     * @return {@code true} if some node matches
     */
    public static boolean any(Expression e, Predicate<Expression> p) {
        if (p.test(e)) {
            return true;
        }
        for (Expression child : children(e)) {
            if (any(child, p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether the tree contains an aggregate function.
     *
     * @param e the root
     * @return {@code true} if it aggregates
     */
    public static boolean containsAggregate(Expression e) {
        return any(e, x -> x instanceof Expression.Aggregate);
    }
}
