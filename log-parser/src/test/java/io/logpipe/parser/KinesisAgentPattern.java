package io.logpipe.parser;

import java.util.regex.Pattern;

/**
 * The Kinesis Agent's {@code LOGTOJSON} patterns for {@code COMMONAPACHELOG} and
 * {@code COMBINEDAPACHELOG}: grok's legacy composition, re-derived from the published pattern list
 * in {@code reference/kinesis-agent.md} §2.1 (the agent's own code is not copied). The agent
 * compiles the pattern plus {@code .*} and requires {@code matches()}; a {@code -} group becomes
 * {@code null}.
 */
final class KinesisAgentPattern {

    private static final String INT = "(?:[+-]?(?:[0-9]+))";
    private static final String USER = "(?:[a-zA-Z0-9._-]+)";
    private static final String IP = "(?:[\\d\\.]+)";
    private static final String HOSTNAME = "(?:[\\w\\-]+)(?:\\.(?:[\\w\\-]+))*(?:\\.?|\\b)";
    private static final String IPORHOST = "(?:" + HOSTNAME + "|" + IP + ")";
    private static final String MONTHDAY = "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])";
    private static final String MONTH = "\\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?"
            + "|Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b";
    private static final String YEAR = "(?:[1-9]\\d*)";
    private static final String HOUR = "(?:2[0123]|[01]?[0-9])";
    private static final String MINUTE = "(?:[0-5][0-9])";
    private static final String SECOND = "(?:(?:[0-5]?[0-9]|60)(?:[:\\.,][0-9]+)?)";
    private static final String TIME = "(?:" + HOUR + ":" + MINUTE + ":" + SECOND + ")";
    private static final String HTTPDATE = "(?:" + MONTHDAY + "/" + MONTH + "/" + YEAR + ":" + TIME + "\\s" + INT + ")";
    private static final String NOQUOTE = "[^\"]+";

    static final String COMMON_APACHE_LOG = "^(" + IPORHOST + ") (" + USER + ") (" + USER + ") \\[(" + HTTPDATE
            + ")\\] \"(" + NOQUOTE + ")\" (" + INT + "|\\-) (" + INT + "|\\-)";
    static final String COMBINED_APACHE_LOG = COMMON_APACHE_LOG + " \"(" + NOQUOTE + ")\" \"(" + NOQUOTE + ")\"";

    static final Pattern COMMON = Pattern.compile(COMMON_APACHE_LOG + ".*");
    static final Pattern COMBINED = Pattern.compile(COMBINED_APACHE_LOG + ".*");

    private KinesisAgentPattern() {}
}
