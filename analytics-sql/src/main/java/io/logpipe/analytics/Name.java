package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An SQL identifier: a stream, column, alias or pump name.
 *
 * <p>A <em>quoted</em> name ({@link #quoted(String)}) is case-sensitive and always rendered in quotes,
 * as the tutorial's {@code "response"} must be: the JSON keys of the agent are lowercase. A
 * <em>regular</em> name ({@link #regular(String)}) is case-insensitive like an unquoted SQL identifier;
 * engines upper-case it, which is why KDA's output carries {@code STATUSCOUNT} for {@code statusCount}.
 * KDA rendering writes a regular name bare when that is safe and quotes its upper-case form otherwise;
 * Flink rendering always quotes the upper-case form. Any non-blank text without a line break is a valid
 * name: the
 * renderers escape quotes. SQL lexers (Calcite's, which Flink uses) end a quoted identifier at a line
 * break, so no dialect can express such a name.
 *
 * @param value the name as written, never empty
 * @param caseSensitive {@code true} for a quoted name
 */
@API(status = EXPERIMENTAL)
public record Name(String value, boolean caseSensitive) {

    /**
     * Validates the name.
     *
     * @throws IllegalArgumentException if {@code value} is blank or contains a line break
     */
    public Name {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an SQL name must not be empty or blank (Flink rejects it), was '"
                    + value + "'");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SQL name must not contain a line break: no SQL dialect can quote"
                    + " it; was '" + value.replace("\n", "\\n").replace("\r", "\\r") + "'");
        }
    }

    /**
     * Returns a case-sensitive name, always rendered in quotes.
     *
     * @param value the exact name
     * @return the name
     */
    public static Name quoted(String value) {
        return new Name(value, true);
    }

    /**
     * Returns a case-insensitive name, as an unquoted SQL identifier is.
     *
     * @param value the name as written
     * @return the name
     */
    public static Name regular(String value) {
        return new Name(value, false);
    }

    /**
     * Returns the name the engine resolves: the value itself if case-sensitive, else upper-cased.
     *
     * @return the canonical form used for comparisons and output field names
     */
    public String canonical() {
        return caseSensitive ? value : value.toUpperCase(Locale.ROOT);
    }

    /**
     * Tells whether two names denote the same identifier.
     *
     * @param other the other name
     * @return {@code true} if both resolve to the same canonical form
     */
    public boolean matches(Name other) {
        return canonical().equals(other.canonical());
    }

    @Override
    public String toString() {
        return caseSensitive ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
