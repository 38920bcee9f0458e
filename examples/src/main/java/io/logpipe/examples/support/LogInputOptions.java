package io.logpipe.examples.support;

import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inputs of the commands that read access logs ({@code @Mixin}): {@code --format},
 * {@code --lenient-quotes} and the files ({@code .gz} too; none or {@code -} is standard input).
 */
public final class LogInputOptions {

    @Option(names = "--format", defaultValue = "combined", paramLabel = "FORMAT",
            description = "common, combined, or an Apache LogFormat string. Default: ${DEFAULT-VALUE}.")
    String format = "combined";

    @Option(names = "--lenient-quotes",
            description = "Accept raw '\"' inside quoted fields, as servers other than Apache write them "
                    + "(ParserFeature.ALLOW_UNESCAPED_QUOTES).")
    boolean lenientQuotes;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Access-log files (.gz too); '-' or none reads standard input.")
    List<String> files = new ArrayList<>();

    private InputStream stdin = System.in;

    /** @return standard input: {@code System.in} unless replaced */
    public InputStream stdin() {
        return stdin;
    }

    /**
     * Replaces standard input (tests).
     *
     * @param in what {@code -} and no files read
     */
    public void stdin(InputStream in) {
        this.stdin = in;
    }

    /** @return the file arguments; empty means standard input */
    public List<String> files() {
        return files;
    }

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
