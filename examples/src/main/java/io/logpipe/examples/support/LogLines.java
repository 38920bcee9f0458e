package io.logpipe.examples.support;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.AccessLogReader;
import io.logpipe.parser.LayoutCheck;
import io.logpipe.parser.ParseError;
import io.logpipe.parser.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the access-log inputs of a {@code send} command, in order, and hands each parsed record on: empty
 * lines are skipped, malformed ones counted (the first one kept for the message), parsed ones checked
 * against the layout. Not thread-safe: one per command run.
 */
public final class LogLines {

    private long lines;
    private long malformed;
    private @Nullable String firstError;

    /**
     * Reads every input.
     *
     * @param files file names ({@code .gz} too); none or {@code -} is standard input
     * @param stdin standard input
     * @param parser the parser
     * @param layout checks that parsed lines fit the layout
     * @param records receives each parsed record
     * @throws IOException if an input cannot be read
     */
    public void read(List<String> files, InputStream stdin, AccessLogParser parser, LayoutCheck layout,
            Consumer<AccessLogRecord> records) throws IOException {
        List<String> inputs = files.isEmpty() ? List.of("-") : files;
        for (String input : inputs) {
            try (InputStream in = LogInputs.openStream(input, stdin); AccessLogReader reader = parser.reader(in)) {
                while (reader.hasNext()) {
                    ParseResult r = reader.next();
                    long lineNumber = r.lineNumber();
                    AccessLogRecord record = r.recordOrNull();
                    ParseError error = r.error();
                    if (record == null && error != null && error.text().isEmpty()) {
                        continue; // an empty line
                    }
                    lines++;
                    if (record == null) {
                        malformed++;
                        if (firstError == null) {
                            firstError = input + ":" + lineNumber + ": " + error;
                        }
                        continue;
                    }
                    layout.check(record, lineNumber);
                    records.accept(record);
                }
            }
        }
    }

    /** @return the lines read, empty ones not counted */
    public long lines() {
        return lines;
    }

    /** @return the malformed lines */
    public long malformed() {
        return malformed;
    }

    /** @return the first malformed line as {@code input:line: reason}, or {@code null} */
    public @Nullable String firstError() {
        return firstError;
    }

    /**
     * Prints what every {@code send} command says after its summary line: how many malformed lines it
     * skipped (with the first), then the layout's hint, if any.
     *
     * @param err where messages go
     * @param command the message prefix, for example {@code logpipe send kinesis}
     * @param layout the layout check the lines went through
     */
    public void reportSkipped(PrintWriter err, String command, LayoutCheck layout) {
        if (firstError != null) {
            err.println(command + ": " + malformed + " malformed line(s) skipped; first: " + firstError);
        }
        printHint(err, command, layout);
    }

    /**
     * Prints the layout's hint (for example, that the lines look like another format), if it has one.
     *
     * @param err where messages go
     * @param command the message prefix, for example {@code logpipe parse}
     * @param layout the layout check the lines went through
     */
    public static void printHint(PrintWriter err, String command, LayoutCheck layout) {
        String hint = layout.hint();
        if (hint != null) {
            err.println(command + ": hint: " + hint);
        }
    }
}
