package io.logpipe.parser.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apiguardian.api.API.Status.INTERNAL;

import io.logpipe.model.LogFormat;
import io.logpipe.model.LogFormat.Directive;
import io.logpipe.model.LogFormat.Element;
import io.logpipe.model.LogFormat.Literal;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The format compiler: a {@link LogFormat} turned into an array of {@link Step}s (literal text to
 * match, or a field to cut out and convert) that the scanners run over a line. Immutable and
 * thread-safe.
 */
@API(status = INTERNAL)
public final class CompiledFormat {

    /** Step mode: literal text. */
    public static final int LITERAL = 0;
    /** Step mode: a field between quotes, with escapes. */
    public static final int QUOTED = 1;
    /** Step mode: a field up to a stop sequence. */
    public static final int UNTIL = 2;
    /** Step mode: {@code [dd/MMM/yyyy:HH:mm:ss +hhmm]}. */
    public static final int BRACKETED = 3;
    /** Step mode: digits or {@code -}. */
    public static final int NUMBER = 4;
    /** Step mode: a {@code %{format}t} value, matched by its {@link TimePattern}. */
    public static final int TIME_PATTERN = 5;

    // record slots: the ordinals of LogFormat.Field
    /** Slot of {@code %h}. */
    public static final int HOST = 0;
    /** Slot of {@code %l}. */
    public static final int IDENTITY = 1;
    /** Slot of {@code %u}. */
    public static final int USER = 2;
    /** Slot of {@code %t}. */
    public static final int TIME = 3;
    /** Slot of {@code %r}. */
    public static final int REQUEST = 4;
    /** Slot of {@code %>s}. */
    public static final int STATUS = 5;
    /** Slot of {@code %b}. */
    public static final int BYTES = 6;
    /** Slot of the referer. */
    public static final int REFERER = 7;
    /** Slot of the user agent. */
    public static final int AGENT = 8;
    /** Slot of every other directive. */
    public static final int EXTRA = 9;

    /** The length of {@code [dd/MMM/yyyy:HH:mm:ss +hhmm]}. */
    public static final int TIME_FIELD_LENGTH = ClfTimestamps.LENGTH + 2;

    /** One compiled piece of the format. Immutable. */
    public static final class Step {
        /** One of the mode constants. */
        public final int mode;
        /** LITERAL: the text; UNTIL: the stop sequence. */
        public final byte[] text;
        /** {@link #text} as a String. */
        public final String textString;
        /** The record slot, or -1 for literals. */
        public final int slot;
        /** The directive text, or the literal's text. */
        public final String key;
        /** LITERAL: the line may end here, the rest of the format is optional. */
        public final boolean canStop;
        /** QUOTED: the literal after the field. */
        public final byte @Nullable [] closing;
        /** QUOTED: the closing literal ends the format. */
        public final boolean closingIsLast;
        /** LITERAL: the error message when the text is not there. */
        public final String expectation;
        /** TIME_PATTERN: the matcher. */
        public final @Nullable TimePattern timePattern;

        Step(int mode, byte[] text, int slot, String key, boolean canStop, byte @Nullable [] closing,
                boolean closingIsLast, String expectation, @Nullable TimePattern timePattern) {
            this.mode = mode;
            this.text = text;
            this.textString = new String(text, UTF_8);
            this.slot = slot;
            this.key = key;
            this.canStop = canStop;
            this.closing = closing;
            this.closingIsLast = closingIsLast;
            this.expectation = expectation;
            this.timePattern = timePattern;
        }
    }

    private final LogFormat format;
    private final Step[] steps;
    private final int clf;

    /**
     * Compiles {@code format}.
     *
     * @param format the layout
     * @throws IllegalArgumentException if a {@code %{format}t} cannot be matched
     */
    public CompiledFormat(LogFormat format) {
        this.format = format;
        this.steps = compile(format.elements());
        this.clf = format.equals(LogFormat.COMMON) ? 1 : format.equals(LogFormat.COMBINED) ? 2 : 0;
    }

    /**
     * Returns the layout.
     *
     * @return the format
     */
    public LogFormat format() {
        return format;
    }

    /**
     * Returns the steps; the caller must not change the array.
     *
     * @return the steps, in line order
     */
    public Step[] steps() {
        return steps;
    }

    /**
     * Returns 1 for {@link LogFormat#COMMON}, 2 for {@link LogFormat#COMBINED} (they get a
     * hand-written text path), 0 otherwise.
     *
     * @return the kind
     */
    public int clf() {
        return clf;
    }

    private static Step[] compile(List<Element> elements) {
        int n = elements.size();
        // the directives from `firstOptional` on are headers, which a shorter line may lack
        int firstOptional = n;
        for (int i = n - 1; i >= 0; i--) {
            Element e = elements.get(i);
            if (e instanceof Directive && ((Directive) e).letter() != 'i') {
                break;
            }
            if (e instanceof Directive) {
                firstOptional = i;
            }
        }
        List<Step> out = new ArrayList<>(n);
        boolean stopPlaced = false;
        for (int i = 0; i < n; i++) {
            Element e = elements.get(i);
            Element prev = i > 0 ? elements.get(i - 1) : null;
            Element next = i + 1 < n ? elements.get(i + 1) : null;
            if (e instanceof Literal) {
                String text = ((Literal) e).text();
                boolean canStop = !stopPlaced && firstOptional < n && i < firstOptional;
                // only the literal right before the first optional directive may end the line
                canStop = canStop && i + 1 == firstOptional;
                stopPlaced |= canStop;
                out.add(new Step(LITERAL, text.getBytes(UTF_8), -1, text, canStop, null, false,
                        "expected '" + printable(text) + "'"
                                + (next instanceof Directive ? " before " + ((Directive) next).text()
                                        : prev instanceof Directive ? " after " + ((Directive) prev).text() : ""),
                        null));
                continue;
            }
            Directive d = (Directive) e;
            int slot = d.field().ordinal();
            boolean quoted = prev instanceof Literal && ((Literal) prev).text().endsWith("\"")
                    && next instanceof Literal && ((Literal) next).text().startsWith("\"");
            String argument = d.argument();
            if (d.letter() == 't' && argument == null) {
                out.add(new Step(BRACKETED, new byte[0], slot, d.text(), false, null, false, "", null));
            } else if (d.letter() == 't' && argument != null) {
                out.add(new Step(TIME_PATTERN, new byte[0], slot, d.text(), false, null, false, "",
                        TimePattern.compile(argument)));
            } else if (!quoted && (slot == STATUS || slot == BYTES)) {
                // digits or '-', and no further: "200 0x" keeps "x" as the trailer, as the agent's INT does
                out.add(new Step(NUMBER, new byte[0], slot, d.text(), false, null, false, "", null));
            } else if (quoted && next instanceof Literal) { // quoted implies next is a Literal
                byte[] closing = ((Literal) next).text().getBytes(UTF_8);
                out.add(new Step(QUOTED, new byte[0], slot, d.text(), false, closing, i + 2 == n, "", null));
            } else {
                // an unquoted field ends at the first character of the literal after it, or at a
                // space when it is last (the rest is the trailer); a value Apache writes with its
                // spaces (a header, a note, %U: the decoded path) ends only where the whole literal
                // after it starts (" -> " in Apache's referer log), or at the end of the line when it
                // is last (the agent log's user agent)
                boolean spaces = mayHoldSpaces(d);
                String stop = spaces ? "" : " ";
                if (next instanceof Literal) {
                    String s = ((Literal) next).text();
                    Element after = i + 2 < n ? elements.get(i + 2) : null;
                    if (after instanceof Directive && ((Directive) after).letter() == 't'
                            && ((Directive) after).argument() == null) {
                        stop = s + "["; // a user name with spaces still ends where the time starts
                    } else if (spaces) {
                        stop = s;
                    } else {
                        stop = s.substring(0, Character.charCount(s.codePointAt(0)));
                    }
                }
                out.add(new Step(UNTIL, stop.getBytes(UTF_8), slot, d.text(), false, null, false, "", null));
            }
        }
        return out.toArray(new Step[0]);
    }

    /**
     * Whether Apache writes the directive's value with its spaces: request and response headers,
     * trailers, notes, environment variables, cookies, mod_ssl variables, {@code %U} (the decoded
     * path) and {@code %f} (the file name).
     */
    private static boolean mayHoldSpaces(Directive d) {
        switch (d.letter()) {
            case 'i':
            case 'o':
            case 'n':
            case 'e':
            case 'C':
            case 'x':
            case 'U':
            case 'f':
                return true;
            case '^':
                return d.argument() != null; // %{VAR}^ti, %{VAR}^to; %^FB is a number
            default:
                return false;
        }
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t");
    }
}
