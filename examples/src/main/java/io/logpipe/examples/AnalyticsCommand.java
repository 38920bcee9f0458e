package io.logpipe.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logpipe analytics}: the tutorial's streaming SQL, rendered or run on embedded Flink. */
@Command(
        name = "analytics",
        mixinStandardHelpOptions = true,
        description = {
            "The tutorial's analytics stage: per-minute request counts by HTTP status.",
            "render prints the SQL (Flink SQL, or the legacy Kinesis Data Analytics SQL of the tutorial); "
                    + "run runs it over access-log files on an embedded Apache Flink; submit runs it on a Flink cluster."
        },
        subcommands = {
            AnalyticsRenderCommand.class,
            AnalyticsRunCommand.class,
            AnalyticsSubmitCommand.class,
        })
public final class AnalyticsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT1M}).
     * Public for the other commands' packages ({@code logpipe tutorial}).
     */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
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
            }
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration: use 500ms, 30s, 1m, 2h, 1d or ISO-8601 such as PT1M");
            }
        }
    }
}
