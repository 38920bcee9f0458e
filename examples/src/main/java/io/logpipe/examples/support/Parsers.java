package io.logpipe.examples.support;

import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.ParserFeature;

/** The parser the commands share: the layout, and {@code --lenient-quotes}. */
public final class Parsers {

    private Parsers() {}

    /**
     * Returns a parser for {@code format}.
     *
     * @param format the layout
     * @param lenientQuotes whether {@link ParserFeature#ALLOW_UNESCAPED_QUOTES} is on
     * @return the parser
     * @throws IllegalArgumentException if the layout cannot be parsed into records
     */
    public static AccessLogParser create(LogFormat format, boolean lenientQuotes) {
        AccessLogParser.Builder b = AccessLogParser.builder().format(format);
        if (lenientQuotes) {
            b.enable(ParserFeature.ALLOW_UNESCAPED_QUOTES);
        }
        return b.build();
    }
}
