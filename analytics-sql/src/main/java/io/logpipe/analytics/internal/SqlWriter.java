package io.logpipe.analytics.internal;

import io.logpipe.analytics.Dialect;
import io.logpipe.analytics.Name;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where names and values enter SQL text. Identifiers are quoted and string literals
 * escaped here, and nowhere else; everything else the renderers append is constant text of their own.
 *
 * <ul>
 *   <li>Flink: every identifier in backquotes, a backquote doubled; regular names upper-cased.</li>
 *   <li>KDA: a regular name is written bare only when it is a plain identifier and not a reserved
 *       word; otherwise it is double-quoted in upper case. Quoted names are double-quoted as written,
 *       a double quote doubled.</li>
 *   <li>String literals: single quotes, a single quote doubled (both dialects treat backslash as an
 *       ordinary character).</li>
 *   <li>Comments: {@code --} per line; every line terminator a lexer might honour starts a new
 *       {@code --} line, so a comment cannot end early.</li>
 * </ul>
 */
public final class SqlWriter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029\u000B\u000C]");

    /** SQL:2016 reserved words plus Flink's and SQLstream's additions that could appear as names. */
    static final Set<String> RESERVED = Set.of(
            "ABS", "ALL", "ALLOCATE", "ALTER", "AND", "ANY", "ARE", "ARRAY", "AS", "ASYMMETRIC", "AT", "AVG",
            "BEGIN", "BETWEEN", "BIGINT", "BINARY", "BLOB", "BOOLEAN", "BOTH", "BY", "BYTES", "CALL", "CALLED",
            "CARDINALITY", "CASCADED", "CASE", "CAST", "CEIL", "CEILING", "CHAR", "CHARACTER", "CHECK", "CLOB",
            "CLOSE", "COLLATE", "COLLECT", "COLUMN", "COMMIT", "CONDITION", "CONNECT", "CONSTRAINT", "CONVERT",
            "CORR", "COUNT", "CREATE", "CROSS", "CUBE", "CURRENT", "CURRENT_DATE", "CURRENT_ROW",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "CYCLE", "DATE", "DAY", "DEALLOCATE",
            "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DELETE", "DESCRIBE", "DESCRIPTOR", "DETERMINISTIC",
            "DISALLOW", "DISCONNECT", "DISTINCT", "DOUBLE", "DROP", "DYNAMIC", "EACH", "ELEMENT", "ELSE", "END",
            "ESCAPE", "EVERY", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXP", "EXTERNAL", "EXTRACT", "FALSE",
            "FETCH", "FILTER", "FIRST_VALUE", "FLOAT", "FLOOR", "FOR", "FOREIGN", "FREE", "FROM", "FULL",
            "FUNCTION", "FUSION", "GET", "GLOBAL", "GRANT", "GROUP", "GROUPING", "HAVING", "HOLD", "HOUR",
            "IDENTITY", "IN", "INDICATOR", "INNER", "INOUT", "INSENSITIVE", "INSERT", "INT", "INTEGER",
            "INTERSECT", "INTERSECTION", "INTERVAL", "INTO", "IS", "JOIN", "LAG", "LANGUAGE", "LARGE",
            "LAST_VALUE", "LATERAL", "LEAD", "LEADING", "LEFT", "LIKE", "LIMIT", "LN", "LOCAL", "LOCALTIME",
            "LOCALTIMESTAMP", "LOWER", "MATCH", "MAX", "MEMBER", "MERGE", "METHOD", "MIN", "MINUTE", "MOD",
            "MODIFIES", "MODULE", "MONTH", "MULTISET", "NATIONAL", "NATURAL", "NCHAR", "NCLOB", "NEW", "NO",
            "NONE", "NORMALIZE", "NOT", "NULL", "NULLIF", "NUMERIC", "OF", "OFFSET", "OLD", "ON", "ONLY", "OPEN",
            "OR", "ORDER", "OUT", "OUTER", "OVER", "OVERLAPS", "OVERLAY", "PARAMETER", "PARTITION", "PERCENT",
            "POSITION", "POWER", "PRECISION", "PREPARE", "PRIMARY", "PROCEDURE", "RANGE", "RANK", "RAW",
            "READS", "REAL", "RECURSIVE", "REF", "REFERENCES", "REFERENCING", "RELEASE", "RESULT", "RETURN",
            "RETURNS", "REVOKE", "RIGHT", "ROLLBACK", "ROLLUP", "ROW", "ROWS", "SAVEPOINT", "SCOPE", "SCROLL",
            "SEARCH", "SECOND", "SELECT", "SENSITIVE", "SESSION_USER", "SET", "SIMILAR", "SMALLINT", "SOME",
            "SPECIFIC", "SQL", "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQRT", "START", "STATIC", "STEP",
            "STREAM", "STRING", "SUBMULTISET", "SUM", "SYMMETRIC", "SYSTEM", "SYSTEM_USER", "TABLE",
            "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP", "TIMEZONE_HOUR", "TIMEZONE_MINUTE", "TINYINT", "TO",
            "TRAILING", "TRANSLATE", "TRANSLATION", "TREAT", "TRIGGER", "TRIM", "TRUE", "UESCAPE", "UNION",
            "UNIQUE", "UNKNOWN", "UNNEST", "UPDATE", "UPPER", "USER", "USING", "VALUE", "VALUES", "VARBINARY",
            "VARCHAR", "VARYING", "WHEN", "WHENEVER", "WHERE", "WINDOW", "WITH", "WITHIN", "WITHOUT", "YEAR",
            "PUMP", "REPLACE");

    private final Dialect dialect;
    private final StringBuilder out = new StringBuilder();

    /**
     * Creates a writer.
     *
     * @param dialect the dialect whose quoting rules apply
     */
    public SqlWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Returns an identifier as the dialect must write it.
     *
     * @param dialect the dialect
     * @param name the name
     * @return the quoted (or safely bare) identifier
     */
    public static String quoteIdentifier(Dialect dialect, Name name) {
        if (dialect == Dialect.FLINK) {
            return '`' + name.canonical().replace("`", "``") + '`';
        }
        if (!name.caseSensitive() && PLAIN.matcher(name.value()).matches()
                && !RESERVED.contains(name.value().toUpperCase(Locale.ROOT))) {
            return name.value();
        }
        return '"' + name.canonical().replace("\"", "\"\"") + '"';
    }

    /**
     * Returns a string literal.
     *
     * @param value the text
     * @return the text in single quotes, single quotes doubled
     */
    public static String quoteString(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * Appends an identifier.
     *
     * @param name the name
     * @return this writer
     */
    public SqlWriter identifier(Name name) {
        out.append(quoteIdentifier(dialect, name));
        return this;
    }

    /**
     * Appends a string literal.
     *
     * @param value the text
     * @return this writer
     */
    public SqlWriter string(String value) {
        out.append(quoteString(value));
        return this;
    }

    /**
     * Appends a comment, one {@code --} line per line of text, each ending in a line feed.
     *
     * @param text the comment
     * @return this writer
     */
    public SqlWriter comment(String text) {
        for (String line : LINE_BREAK.split(text, -1)) {
            out.append("-- ").append(line).append('\n');
        }
        return this;
    }

    /**
     * Appends constant SQL text of the renderer: keywords, punctuation, numbers.
     *
     * @param sql the text
     * @return this writer
     */
    public SqlWriter sql(String sql) {
        out.append(sql);
        return this;
    }

    /**
     * Returns the dialect.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
