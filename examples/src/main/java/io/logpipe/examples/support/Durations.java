package io.logpipe.examples.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The one duration syntax of the commands: {@code 0}, {@code 500ms}, {@code 30s}, {@code 1m},
 * {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT1M}. Stateless, thread-safe.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses a duration given to an option.
     *
     * @param text the text, such as {@code 10s}
     * @param option the option, for the message, such as {@code --poll}
     * @return the duration
     * @throws IllegalArgumentException if it is not a duration, naming the option and the forms
     */
    public static Duration parse(String text, String option) {
        Duration d = tryParse(text);
        if (d == null) {
            throw new IllegalArgumentException(option + " must be a duration such as 500ms, 10s, 5m or 1h, was '"
                    + text + "'");
        }
        return d;
    }

    private static @Nullable Duration tryParse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofDays(n);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                return null; // too large
            }
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The picocli converter of duration options ({@code converter = Durations.Converter.class}). */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = tryParse(value);
            if (d == null) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration: use 500ms, 30s, 1m, 2h, 1d or ISO-8601 such as PT1M");
            }
            return d;
        }
    }
}
