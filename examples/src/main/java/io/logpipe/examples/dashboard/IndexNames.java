package io.logpipe.examples.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks index names and patterns before they reach an OpenSearch URL or a saved object. */
final class IndexNames {

    /** OpenSearch's rules, plus {@code *} for patterns such as {@code request_data*}. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9*][a-z0-9*._+-]*");

    private IndexNames() {
    }

    /**
     * Returns the name when it is a valid OpenSearch index name or pattern.
     *
     * @param what how the caller calls it in messages, for example {@code --index}
     * @throws IllegalArgumentException naming the rule broken and showing a valid example
     */
    static String check(String what, String name) {
        String problem = problem(name);
        if (problem != null) {
            String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
            throw new IllegalArgumentException(what + " '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not an "
                    + "OpenSearch index name or pattern: " + problem + " (for example request_data or request_data*)");
        }
        return name;
    }

    private static @Nullable String problem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'.' and '..' are not allowed";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "it is longer than 255 bytes";
        }
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            return "it must be lowercase";
        }
        if (name.startsWith("-") || name.startsWith("_") || name.startsWith("+")) {
            return "it must not start with '-', '_' or '+'";
        }
        if (!VALID.matcher(name).matches()) {
            return "only lowercase letters, digits, '.', '_', '-', '+' and '*' are allowed";
        }
        return null;
    }
}
