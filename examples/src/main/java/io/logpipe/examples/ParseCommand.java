package io.logpipe.examples;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.logpipe.examples.support.LogLines;
import io.logpipe.examples.support.Parsers;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.TypedJson;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.BadLinePolicy;
import io.logpipe.parser.LayoutCheck;
import io.logpipe.parser.ParseError;
import io.logpipe.parser.ParseSummary;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe parse}: turns access-log lines into JSON, one object per accepted line, in input
 * order, as the Kinesis Agent's {@code LOGTOJSON} option does (or as typed JSON), without dropping
 * rejected lines silently: each one is counted and, with {@code --errors}, written as JSON with its
 * line number and the reason.
 */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Parses Apache access logs (common, combined or any LogFormat) into one JSON object per line on "
                    + "standard output, in input order.",
            "Rejected lines are counted on standard error and, with --errors, written to FILE as JSON objects "
                    + "{\"file\",\"line\",\"column\",\"reason\",\"text\"}. The exit code is 0 even when lines "
                    + "are rejected; 1 on an I/O error, 2 on a usage error."
        })
public final class ParseCommand implements Callable<Integer> {

    @Option(names = {"-f", "--format"}, defaultValue = "combined", paramLabel = "common|combined|LOGFORMAT",
            description = "The log layout: common, combined (also reads common lines), Apache's other nicknames "
                    + "(vhost_combined, combinedio, referer, agent; the last two have no time or client: null), "
                    + "ssl_request, or an Apache LogFormat string such as '%%h %%l %%u %%t \"%%r\" %%>s %%b %%D'. "
                    + "Default: ${DEFAULT-VALUE}.")
    String format = "combined";

    @Option(names = {"-t", "--to"}, defaultValue = "agent-json", paramLabel = "agent-json|json",
            description = "agent-json: the Kinesis Agent's LOGTOJSON objects (every value a string, '-' as null); "
                    + "json: typed objects (numbers, ISO-8601 @timestamp). Default: ${DEFAULT-VALUE}.")
    String to = "agent-json";

    @Option(names = "--lenient-quotes",
            description = "Accept raw '\"' inside quoted fields, as servers other than Apache write them: a quote "
                    + "ends a field only where the rest of the layout follows (ParserFeature.ALLOW_UNESCAPED_QUOTES; "
                    + "such lines do not format back to the same text).")
    boolean lenientQuotes;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "Write each rejected line to FILE as one JSON object per line.")
    @Nullable Path errors;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Log files to read, in order; '-' or none reads standard input.")
    List<String> files = new ArrayList<>();

    @Spec
    @Nullable CommandSpec spec;

    private final OutputStream stdout;
    private final InputStream stdin;

    /** Creates the command on the process's standard streams. */
    public ParseCommand() {
        this(new FileOutputStream(FileDescriptor.out), new FileInputStream(FileDescriptor.in));
    }

    ParseCommand(OutputStream stdout, InputStream stdin) {
        this.stdout = stdout;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = java.util.Objects.requireNonNull(spec).commandLine();
        PrintWriter err = cli.getErr();
        LogFormat logFormat;
        AccessLogParser parser;
        try {
            logFormat = LogFormat.of(format);
            parser = Parsers.create(logFormat, lenientQuotes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "Invalid --format: " + e.getMessage());
        }
        LayoutCheck layout = LayoutCheck.forFormat(logFormat);
        long[] escapedFields = {0};
        Function<AccessLogRecord, byte[]> writer;
        switch (to.toLowerCase(Locale.ROOT)) {
            case "agent-json":
                AgentJson agent = AgentJson.forFormat(logFormat);
                writer = agent::writeLine;
                break;
            case "json":
                writer = r -> {
                    escapedFields[0] += TypedJson.escapedFields(r);
                    return TypedJson.writeLine(r);
                };
                break;
            default:
                throw new CommandLine.ParameterException(cli,
                        "Invalid --to '" + to + "': use agent-json (the Kinesis Agent's LOGTOJSON shape) or json");
        }
        List<String> inputs = files.isEmpty() ? List.of("-") : files;
        long lines = 0;
        long parsed = 0;
        long malformed = 0;
        long limit = 0;
        int failedFiles = 0;
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        OutputStream errorOut = null;
        try {
            if (errors != null) {
                errorOut = new BufferedOutputStream(Files.newOutputStream(errors), 1 << 16);
            }
            for (String file : inputs) {
                OutputStream errorSink = errorOut;
                long[] lineNumber = {0};
                Consumer<ParseError> onError = e -> {
                    lineNumber[0] = e.lineNumber();
                    if (errorSink != null) {
                        writeError(errorSink, file, e);
                    }
                };
                Consumer<AccessLogRecord> onRecord = r -> {
                    layout.check(r, ++lineNumber[0]);
                    try {
                        out.write(writer.apply(r));
                    } catch (IOException e) {
                        throw new OutputFailure(e);
                    }
                };
                try {
                    ParseSummary s = file.equals("-")
                            ? parser.parseStream(stdin, BadLinePolicy.handleWith(onError), onRecord)
                            : parser.parseFile(Path.of(file), BadLinePolicy.handleWith(onError), onRecord);
                    lines += s.lines();
                    parsed += s.parsed();
                    malformed += s.malformed();
                    limit += s.limitExceeded();
                } catch (UncheckedIOException e) {
                    failedFiles++;
                    err.println("logpipe parse: cannot read " + (file.equals("-") ? "standard input" : file) + ": "
                            + describe(e.getCause()));
                }
            }
            out.flush();
            if (errorOut != null) {
                errorOut.close();
            }
        } catch (IOException | OutputFailure e) {
            err.println("logpipe parse: cannot write output: " + describe(e instanceof OutputFailure ? e.getCause() : e));
            err.flush();
            return 1;
        }
        long rejected = malformed + limit;
        err.printf(Locale.ROOT, "logpipe parse: %d lines, %d parsed, %d rejected (%d malformed, %d over a limit)%s%n",
                lines, parsed, rejected, malformed, limit,
                rejected > 0 && errors != null ? "; rejected lines in " + errors : "");
        if (escapedFields[0] > 0) {
            err.printf(Locale.ROOT, "logpipe parse: %d field(s) held bytes that are not UTF-8: written in Apache's "
                    + "escaping (\\xhh) and listed in @escaped, not replaced%n", escapedFields[0]);
        }
        LogLines.printHint(err, "logpipe parse", layout);
        err.flush();
        return failedFiles > 0 ? 1 : 0;
    }

    private static String describe(@Nullable Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void writeError(OutputStream out, String file, ParseError e) {
        StringBuilder sb = new StringBuilder(e.text().length() + 128);
        sb.append("{\"file\":");
        json(file, sb).append(",\"line\":").append(e.lineNumber()).append(",\"column\":").append(e.column())
                .append(",\"kind\":\"").append(e.kind().name().toLowerCase(Locale.ROOT)).append("\",\"reason\":");
        json(e.reason(), sb).append(",\"text\":");
        json(e.text(), sb).append("}\n");
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new OutputFailure(ex);
        }
    }

    /** A failed write to standard output or the errors file: ends the command with exit code 1. */
    private static final class OutputFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutputFailure(IOException cause) {
            super(cause);
        }
    }

    /** Appends {@code s} as a JSON string, escaped by Jackson (already on the classpath through log-model). */
    private static StringBuilder json(String s, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        return out.append('"');
    }
}
