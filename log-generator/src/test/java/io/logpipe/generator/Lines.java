package io.logpipe.generator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Test helpers: the exact line shapes of the original, and generating lines as strings. */
final class Lines {

    static final Instant START = Instant.parse("2026-11-25T23:30:00Z");

    /** The original's CLF template: ip - - [dd/MMM/yyyy:HH:mm:ss +zzzz] "VERB URI HTTP/1.0" status bytes. */
    static final String CLF_REGEX = "(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}) - - "
            + "\\[(\\d{2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})\\] "
            + "\"(GET|POST|DELETE|PUT) (/[^ \"]*) HTTP/1\\.0\" (200|404|500|301) (\\d+)";

    static final Pattern CLF = Pattern.compile(CLF_REGEX);

    /** The original's "ELF" (combined) template: CLF plus "referer" "user agent". */
    static final Pattern ELF = Pattern.compile(CLF_REGEX + " \"(https?://[^\"]+)\" \"([^\"]+)\"");

    private Lines() {}

    static LogGenerator.Builder seeded(long seed) {
        return LogGenerator.builder().seed(seed).start(START).zone(ZoneOffset.UTC);
    }

    static byte[] bytes(LogGenerator generator, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogLineWriter writer = generator.writer(out)) {
            writer.writeLines(count);
        }
        return out.toByteArray();
    }

    /** Generated lines without their newlines; the output ends with one. */
    static List<String> lines(LogGenerator generator, int count) {
        String text = new String(bytes(generator, count), StandardCharsets.US_ASCII);
        if (!text.endsWith("\n")) {
            throw new AssertionError("output does not end with a newline");
        }
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }
}
