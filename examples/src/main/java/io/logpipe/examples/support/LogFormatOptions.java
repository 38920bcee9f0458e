package io.logpipe.examples.support;

import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import picocli.CommandLine.Option;

/**
 * The input-layout options of the commands that read access logs ({@code @Mixin}): {@code --format} and
 * {@code --lenient-quotes}.
 */
public final class LogFormatOptions {

    @Option(names = "--format", defaultValue = "combined", paramLabel = "FORMAT",
            description = "common, combined, or an Apache LogFormat string. Default: ${DEFAULT-VALUE}.")
    String format = "combined";

    @Option(names = "--lenient-quotes",
            description = "Accept raw '\"' inside quoted fields, as servers other than Apache write them "
                    + "(ParserFeature.ALLOW_UNESCAPED_QUOTES).")
    boolean lenientQuotes;

    /**
     * Returns the layout {@code --format} names.
     *
     * @return the layout
     * @throws IllegalArgumentException if it is not one, with the reason
     */
    public LogFormat logFormat() {
        return LogFormat.of(format);
    }

    /**
     * Returns the parser for a layout, with {@code --lenient-quotes}.
     *
     * @param logFormat the layout, from {@link #logFormat()}
     * @return the parser
     * @throws IllegalArgumentException if the layout cannot be parsed into records
     */
    public AccessLogParser parser(LogFormat logFormat) {
        return Parsers.create(logFormat, lenientQuotes);
    }
}
