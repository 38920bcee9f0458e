package io.logpipe.generator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sorts generated (or the original's) field values into the bins the distribution tests count. */
final class Classify {

    static final String[] VERBS = {"GET", "POST", "DELETE", "PUT"};
    static final String[] STATUSES = {"200", "404", "500", "301"};
    static final String[] TLDS = {"com", "biz", "info", "net", "org"};

    private static final Pattern REFERER = Pattern.compile("(https?)://(www\\.)?([a-z]+(?:-[a-z]+)?)\\.([a-z]+)/(.*)");

    private Classify() {}

    static int index(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new AssertionError("unexpected value " + value);
    }

    static int resource(String target) {
        for (int i = 0; i < LineComposer.RESOURCES.length; i++) {
            String r = LineComposer.RESOURCES[i];
            if (i == LineComposer.APP_RESOURCE ? target.startsWith(r) && target.substring(r.length()).matches("\\d+")
                    : target.equals(r)) {
                return i;
            }
        }
        throw new AssertionError("unexpected resource " + target);
    }

    /** Firefox 0, Chrome 1, Safari 2, Internet Explorer 3, Opera 4 (the original's ualist order). */
    static int family(String agent) {
        if (agent.startsWith("Opera/")) {
            return 4;
        }
        if (agent.contains("; MSIE ")) {
            return 3;
        }
        if (agent.contains(" Firefox/") || agent.contains(" FxiOS/")) {
            return 0;
        }
        if (agent.contains(" Chrome/") || agent.contains(" CriOS/")) {
            return 1;
        }
        if (agent.contains(" Version/") && agent.contains(" Safari/")) {
            return 2;
        }
        throw new AssertionError("unknown user agent " + agent);
    }

    /** The referer split into scheme, www, domain word(s), tld and the rest after the host's '/'. */
    static Matcher referer(String referer) {
        Matcher m = REFERER.matcher(referer);
        if (!m.matches()) {
            throw new AssertionError("referer not in faker.uri() shape: " + referer);
        }
        return m;
    }

    /**
     * Which of faker.uri()'s five shapes: 0 {@code url}, 1 {@code page/}, 2 {@code page.ext}, 3
     * {@code path/page/}, 4 {@code path/page.ext}.
     */
    static int uriShape(String rest) {
        if (rest.isEmpty()) {
            return 0;
        }
        boolean hasPath = rest.indexOf('/') < rest.length() - 1 && rest.substring(0, rest.length() - 1).contains("/");
        boolean slash = rest.endsWith("/");
        if (!hasPath) {
            return slash ? 1 : 2;
        }
        return slash ? 3 : 4;
    }
}
