package io.logpipe.model;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The layout of an access-log line, as an Apache {@code LogFormat} string.
 *
 * <p>{@link #COMMON} and {@link #COMBINED} are the two layouts of the tutorial and of the Kinesis
 * Agent's {@code COMMONAPACHELOG} / {@code COMBINEDAPACHELOG}; {@link #of(String)} takes any other
 * {@code LogFormat} string. {@link #elements()} gives the string split into literal text and
 * directives, which the parser compiles and the formatter follows.
 *
 * <p>Instances are immutable and thread-safe; equality is by pattern.
 *
 * @see <a href="https://httpd.apache.org/docs/current/mod/mod_log_config.html#formats">Apache:
 *     custom log formats</a>
 */
@API(status = EXPERIMENTAL)
public final class LogFormat {

    /** {@value}: Apache's {@code common} nickname. */
    public static final String COMMON_PATTERN = "%h %l %u %t \"%r\" %>s %b";

    /** {@value}: Apache's {@code combined} nickname. */
    public static final String COMBINED_PATTERN = COMMON_PATTERN + " \"%{Referer}i\" \"%{User-agent}i\"";

    /** The Common Log Format ({@value #COMMON_PATTERN}). */
    public static final LogFormat COMMON = new LogFormat("common", COMMON_PATTERN);

    /** The Combined Log Format ({@value #COMBINED_PATTERN}), also called NCSA extended (ELF). */
    public static final LogFormat COMBINED = new LogFormat("combined", COMBINED_PATTERN);

    /** {@value}: Apache's {@code vhost_combined} nickname (the virtual host and port first). */
    public static final String VHOST_COMBINED_PATTERN =
            "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"";

    /** {@value}: Apache's {@code combinedio} nickname (mod_logio's bytes received and sent last). */
    public static final String COMBINEDIO_PATTERN = COMBINED_PATTERN + " %I %O";

    /** {@value}: Apache's {@code referer} nickname. */
    public static final String REFERER_PATTERN = "%{Referer}i -> %U";

    /** {@value}: Apache's {@code agent} nickname. */
    public static final String AGENT_PATTERN = "%{User-agent}i";

    /** {@value}: the {@code ssl_request_log} layout of Apache's stock {@code httpd-ssl.conf} (mod_ssl). */
    public static final String SSL_REQUEST_PATTERN = "%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x \"%r\" %b";

    /** Apache's {@code vhost_combined} ({@value #VHOST_COMBINED_PATTERN}). */
    public static final LogFormat VHOST_COMBINED = new LogFormat("vhost_combined", VHOST_COMBINED_PATTERN);

    /** Apache's {@code combinedio} ({@value #COMBINEDIO_PATTERN}). */
    public static final LogFormat COMBINEDIO = new LogFormat("combinedio", COMBINEDIO_PATTERN);

    /**
     * Apache's {@code referer} ({@value #REFERER_PATTERN}): the {@code Referer} header, {@code " -> "}
     * and the URL path. It has no time and no client address: its records have a {@code null}
     * {@link AccessLogRecord#time()} and {@link AccessLogRecord#remoteHost()}, the referer in
     * {@link AccessLogRecord#referer()} and the path in {@link AccessLogRecord#extras()} under
     * {@code %U}.
     */
    public static final LogFormat REFERER = new LogFormat("referer", REFERER_PATTERN);

    /**
     * Apache's {@code agent} ({@value #AGENT_PATTERN}): the whole line is the {@code User-Agent}
     * header. Like {@link #REFERER} it has no time and no client address; its records carry only
     * {@link AccessLogRecord#userAgent()}.
     */
    public static final LogFormat AGENT = new LogFormat("agent", AGENT_PATTERN);

    /** The stock {@code ssl_request_log} layout ({@value #SSL_REQUEST_PATTERN}). */
    public static final LogFormat SSL_REQUEST = new LogFormat("ssl_request", SSL_REQUEST_PATTERN);

    private static final List<LogFormat> NAMED = List.of(COMMON, COMBINED, VHOST_COMBINED, COMBINEDIO, REFERER, AGENT,
            SSL_REQUEST);

    private final String name;
    private final String pattern;
    private final List<Element> elements;

    private LogFormat(String name, String pattern) {
        this.name = name;
        this.pattern = pattern;
        this.elements = tokenize(pattern);
    }

    /**
     * Returns the format for a name (Apache's nicknames {@code common}, {@code combined},
     * {@code vhost_combined}, {@code combinedio}, {@code referer}, {@code agent}, and
     * {@code ssl_request}; case-insensitive) or an Apache {@code LogFormat} string.
     *
     * @param nameOrPattern a nickname, or a string containing {@code %}
     *     directives such as {@code %h %l %u %t "%r" %>s %b %D}
     * @return the format
     * @throws IllegalArgumentException if the string is neither a known name nor a valid pattern;
     *     the message gives the position of the problem
     */
    public static LogFormat of(String nameOrPattern) {
        requireNonNull(nameOrPattern, "nameOrPattern");
        String key = nameOrPattern.trim().toLowerCase(Locale.ROOT);
        if (key.equals("common") || key.equals("clf") || key.equals("commonapachelog")) {
            return COMMON;
        }
        if (key.equals("combined") || key.equals("elf") || key.equals("combinedapachelog")) {
            return COMBINED;
        }
        for (LogFormat f : NAMED) {
            if (key.equals(f.name) || nameOrPattern.equals(f.pattern)) {
                return f;
            }
        }
        if (nameOrPattern.indexOf('%') < 0) {
            throw new IllegalArgumentException("Unknown log format '" + nameOrPattern
                    + "': use common, combined, vhost_combined, combinedio, referer, agent, ssl_request, or an Apache"
                    + " LogFormat string such as '" + COMMON_PATTERN + "'");
        }
        return new LogFormat("custom", nameOrPattern);
    }

    /**
     * Returns the short name: one of the nicknames {@link #of} knows, or {@code custom}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the Apache {@code LogFormat} string.
     *
     * @return the pattern
     */
    public String pattern() {
        return pattern;
    }

    /**
     * Returns the pattern split into literal text and directives, in order.
     *
     * @return an unmodifiable list
     */
    public List<Element> elements() {
        return elements;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof LogFormat && ((LogFormat) o).pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return name.equals("custom") ? "LogFormat[" + pattern + "]" : "LogFormat[" + name + "]";
    }

    /** A piece of a {@link LogFormat}: either {@link Literal} text or a {@link Directive}. */
    public sealed interface Element permits Literal, Directive {}

    /**
     * Literal text between directives, with Apache's {@code \n}, {@code \t}, {@code \"} and
     * {@code \\} escapes of the configuration file already resolved.
     *
     * @param text the text, never empty
     */
    public record Literal(String text) implements Element {
        /** @throws IllegalArgumentException if the text is empty */
        public Literal {
            if (requireNonNull(text, "text").isEmpty()) {
                throw new IllegalArgumentException("text must not be empty");
            }
        }
    }

    /**
     * One {@code %} directive.
     *
     * @param letter the directive letter, such as {@code 'h'} or {@code 'i'}; {@code '^'} for the two-letter
     *     {@code ^ti}, {@code ^to} and {@code ^FB}
     * @param argument the {@code {...}} argument, such as {@code Referer}, or {@code null}
     * @param modifier {@code ">"} or {@code "<"} (final or original request), or {@code ""}; a
     *     status-list condition such as {@code !200,304} is kept in {@code text} (where it is not
     *     met, Apache writes {@code -}, which reads as absent)
     * @param text the directive as written, such as {@code %>s} or {@code %{Referer}i}
     * @param field the {@link AccessLogRecord} component this directive fills; {@link Field#EXTRA}
     *     for directives kept in {@link AccessLogRecord#extras()} under {@code text}
     */
    public record Directive(char letter, @Nullable String argument, String modifier, String text, Field field)
            implements Element {
        /** @throws NullPointerException if {@code modifier}, {@code text} or {@code field} is null */
        public Directive {
            requireNonNull(modifier, "modifier");
            requireNonNull(text, "text");
            requireNonNull(field, "field");
        }
    }

    /**
     * Which {@link AccessLogRecord} component a directive fills. The first {@code %h} (or, when the
     * format has no {@code %h}, the first {@code %a}) is the remote host; the first {@code %l},
     * {@code %u}, {@code %t} (without argument), {@code %r}, {@code %s}/{@code %>s},
     * {@code %b}/{@code %B}, {@code %{Referer}i} and {@code %{User-agent}i} (header names are
     * case-insensitive) fill their components; every other directive, and any repeat, is an
     * {@link #EXTRA}.
     */
    public enum Field {
        /** {@code %h}, or {@code %a} without {@code %h}. */
        REMOTE_HOST,
        /** {@code %l}. */
        IDENTITY,
        /** {@code %u}. */
        REMOTE_USER,
        /** {@code %t}. */
        TIME,
        /** {@code %r}. */
        REQUEST,
        /** {@code %s} or {@code %>s}. */
        STATUS,
        /** {@code %b} or {@code %B}. */
        BYTES,
        /** {@code %{Referer}i}. */
        REFERER,
        /** {@code %{User-agent}i}. */
        USER_AGENT,
        /** Any other directive: kept in {@link AccessLogRecord#extras()}. */
        EXTRA
    }

    /**
     * Returns whether this format has a directive for {@code field}.
     *
     * @param field the component
     * @return {@code true} if some directive fills it
     */
    public boolean has(Field field) {
        for (Element e : elements) {
            if (e instanceof Directive && ((Directive) e).field() == field) {
                return true;
            }
        }
        return false;
    }

    /** mod_log_config's directive letters, mod_logio's {@code %I %O %S} and mod_ssl's {@code %{VAR}x} / {@code %{VAR}c}. */
    private static final String LETTERS = "aABbCDefhHiklLmnopPqrRsStTuUvVXIOSxc%";

    private static List<Element> tokenize(String pattern) {
        List<Element> out = new ArrayList<>();
        EnumSet<Field> taken = EnumSet.noneOf(Field.class);
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = pattern.charAt(i + 1);
                lit.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                i += 2;
                continue;
            }
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            int start = i++;
            String modifier = "";
            String argument = null;
            // as mod_log_config's parse_log_item: '!', '<', '>', a status list (%400,501{User-agent}i,
            // %!200,304{Referer}i) and one {argument}, in any order, then the letter
            while (i < n) {
                char m = pattern.charAt(i);
                if (m == '<' || m == '>') {
                    modifier = String.valueOf(m);
                    i++;
                } else if (m == '!' || m == ',' || m >= '0' && m <= '9') {
                    i++;
                } else if (m == '{' && argument == null) {
                    int close = pattern.indexOf('}', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("Unclosed '{' at column " + (i + 1) + " of LogFormat '"
                                + pattern + "': write %{Header-Name}i");
                    }
                    argument = pattern.substring(i + 1, close);
                    i = close + 1;
                } else {
                    break;
                }
            }
            if (i >= n) {
                throw new IllegalArgumentException("LogFormat '" + pattern + "' ends inside a directive at column "
                        + (start + 1) + ": escape a literal percent sign as %%");
            }
            char letter = pattern.charAt(i++);
            if (letter == '^') {
                // two-letter directives: %{VAR}^ti and %{VAR}^to (trailers), %^FB (mod_logio)
                String two = i + 2 <= n ? pattern.substring(i, i + 2) : "";
                if (!two.equals("ti") && !two.equals("to") && !two.equals("FB")) {
                    throw new IllegalArgumentException("Unknown directive '%^" + two + "' at column " + (start + 1)
                            + " of LogFormat '" + pattern + "': the two-letter directives are ^ti, ^to and ^FB");
                }
                i += 2;
            } else if (LETTERS.indexOf(letter) < 0) {
                throw new IllegalArgumentException("Unknown directive '%" + letter + "' at column " + (start + 1)
                        + " of LogFormat '" + pattern + "'; see mod_log_config's list of format strings");
            }
            if (letter == '%') {
                lit.append('%');
                continue;
            }
            if (lit.length() > 0) {
                out.add(new Literal(lit.toString()));
                lit.setLength(0);
            }
            Field field = fieldOf(letter, argument, pattern.indexOf("%h") >= 0);
            if (field != Field.EXTRA && taken.contains(field)) {
                field = Field.EXTRA;
            }
            taken.add(field);
            out.add(new Directive(letter, argument, modifier, pattern.substring(start, i), field));
        }
        if (lit.length() > 0) {
            out.add(new Literal(lit.toString()));
        }
        return List.copyOf(out);
    }

    private static Field fieldOf(char letter, @Nullable String argument, boolean hasH) {
        switch (letter) {
            case 'h':
                return Field.REMOTE_HOST;
            case 'a':
                return hasH || argument != null ? Field.EXTRA : Field.REMOTE_HOST;
            case 'l':
                return Field.IDENTITY;
            case 'u':
                return Field.REMOTE_USER;
            case 't':
                return argument == null ? Field.TIME : Field.EXTRA;
            case 'r':
                return Field.REQUEST;
            case 's':
                return Field.STATUS;
            case 'b':
            case 'B':
                return Field.BYTES;
            case 'i':
                if ("referer".equalsIgnoreCase(argument)) {
                    return Field.REFERER;
                }
                return "user-agent".equalsIgnoreCase(argument) ? Field.USER_AGENT : Field.EXTRA;
            default:
                return Field.EXTRA;
        }
    }
}
