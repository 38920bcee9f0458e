package io.logpipe.analytics.flink.internal;

import io.logpipe.analytics.Column;
import io.logpipe.analytics.Dialect;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.SqlType;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.ClfTime;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@link AccessLogRecord} into a Flink {@link Row} of a source's columns, named as the Kinesis
 * Agent's LOGTOJSON fields, plus a last field holding the event time in epoch milliseconds.
 */
public final class RecordRows implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The agent field names a source column may have. */
    public static final List<String> FIELDS =
            List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes", "referer", "agent");

    private final int[] fields;
    private final SqlType.Kind[] kinds;
    private final String[] names;
    private final boolean[] used;

    /**
     * Creates the converter for a source, filling every column.
     *
     * @param source the query's source
     * @throws IllegalArgumentException if a column is not an agent field
     */
    public RecordRows(Source source) {
        this(source, null);
    }

    /**
     * Creates the converter for a source, filling only the columns a query uses.
     *
     * @param source the query's source
     * @param query the query's Flink SQL {@code SELECT}, or {@code null} to fill every column; a column is
     *     used when its quoted name occurs in the text (a mention in a literal only costs time), and every
     *     column is when the text has a {@code *} other than {@code COUNT(*)}
     * @throws IllegalArgumentException if a column is not an agent field
     */
    public RecordRows(Source source, @Nullable String query) {
        List<Column> cols = source.columns();
        fields = new int[cols.size()];
        kinds = new SqlType.Kind[cols.size()];
        names = new String[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            String name = cols.get(i).name().value();
            int f = FIELDS.indexOf(name);
            if (f < 0) {
                throw new IllegalArgumentException("source column \"" + name + "\" cannot be filled from an access-log"
                        + " record; the columns must be agent fields: " + FIELDS);
            }
            fields[i] = f;
            kinds[i] = cols.get(i).type().kind();
            names[i] = name;
        }
        used = new boolean[cols.size()];
        // Flink resolves quoted identifiers case-sensitively, and the renderer quotes every name: the alias
        // `DATETIME` is no mention of the column `datetime`
        boolean all = query == null || query.replace("(*)", "").contains("*");
        for (int i = 0; i < cols.size(); i++) {
            used[i] = all || (query != null && query.contains(Dialect.FLINK.quoteIdentifier(cols.get(i).name())));
        }
    }

    /**
     * Returns the row type: the columns, then the event time ({@code BIGINT} epoch milliseconds).
     *
     * @return the type
     */
    public RowTypeInfo typeWithTimestamp() {
        TypeInformation<?>[] types = new TypeInformation<?>[kinds.length + 1];
        String[] fieldNames = new String[kinds.length + 1];
        for (int i = 0; i < kinds.length; i++) {
            types[i] = typeOf(kinds[i]);
            fieldNames[i] = names[i];
        }
        types[kinds.length] = Types.LONG;
        fieldNames[kinds.length] = "__logpipe_event_time";
        return new RowTypeInfo(types, fieldNames);
    }

    /**
     * Returns the row type without the event time.
     *
     * @return the type
     */
    public RowTypeInfo type() {
        TypeInformation<?>[] types = new TypeInformation<?>[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            types[i] = typeOf(kinds[i]);
        }
        return new RowTypeInfo(types, names.clone());
    }

    /**
     * Returns the row type without the event time, plus a last {@code BIGINT} column holding how many
     * lines a combined row stands for.
     *
     * @param countColumn the name of that column
     * @return the type
     */
    public RowTypeInfo typeWithCount(String countColumn) {
        TypeInformation<?>[] types = new TypeInformation<?>[kinds.length + 1];
        String[] fieldNames = new String[kinds.length + 1];
        for (int i = 0; i < kinds.length; i++) {
            types[i] = typeOf(kinds[i]);
            fieldNames[i] = names[i];
        }
        types[kinds.length] = Types.LONG;
        fieldNames[kinds.length] = countColumn;
        return new RowTypeInfo(types, fieldNames);
    }

    /**
     * Returns a projected row with the number of lines it stands for appended.
     *
     * @param row a row of {@link #toProjectedRow}
     * @param count the number of lines
     * @return a new row, of {@link #typeWithCount}
     */
    public Row withCount(Row row, long count) {
        Row r = new Row(kinds.length + 1);
        for (int i = 0; i < kinds.length; i++) {
            r.setField(i, row.getField(i));
        }
        r.setField(kinds.length, count);
        return r;
    }

    /**
     * Returns the number of columns, without the event time.
     *
     * @return the width
     */
    public int width() {
        return kinds.length;
    }

    /**
     * Converts a record.
     *
     * @param r the record
     * @return the row with the event time last ({@code null} for a record without a time)
     */
    public Row toRow(AccessLogRecord r) {
        Row row = new Row(kinds.length + 1);
        for (int i = 0; i < kinds.length; i++) {
            row.setField(i, coerce(value(fields[i], r), kinds[i], r));
        }
        OffsetDateTime time = r.time();
        // null for a record of a layout without %t: arrival time replaces it, event time rejects it
        row.setField(kinds.length, time == null ? null : time.toInstant().toEpochMilli());
        return row;
    }

    /**
     * Converts a record, filling only the columns the query uses (the others are {@code null}).
     *
     * @param r the record
     * @return the row, without the event time
     */
    public Row toProjectedRow(AccessLogRecord r) {
        Row row = new Row(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            if (used[i]) {
                row.setField(i, coerce(value(fields[i], r), kinds[i], r));
            }
        }
        return row;
    }

    private static @Nullable Object value(int field, AccessLogRecord r) {
        switch (field) {
            case 0:
                return r.remoteHost();
            case 1:
                return r.identity();
            case 2:
                return r.remoteUser();
            case 3:
                return r.time() == null ? null : ClfTime.format(r.time());
            case 4:
                return r.requestLine();
            case 5:
                return r.status();
            case 6:
                return r.bytesSent();
            case 7:
                return r.referer();
            default:
                return r.userAgent();
        }
    }

    private static @Nullable Object coerce(@Nullable Object v, SqlType.Kind kind, AccessLogRecord r) {
        if (v == null) {
            return null;
        }
        try {
            switch (kind) {
                case VARCHAR:
                    return v.toString();
                case SMALLINT:
                    return v instanceof Number n ? (Short) n.shortValue() : Short.valueOf(v.toString());
                case INTEGER:
                    return v instanceof Number n ? (Integer) n.intValue() : Integer.valueOf(v.toString());
                case BIGINT:
                    return v instanceof Number n ? (Long) n.longValue() : Long.valueOf(v.toString());
                case DOUBLE:
                    return v instanceof Number n ? (Double) n.doubleValue() : Double.valueOf(v.toString());
                case BOOLEAN:
                    return Boolean.valueOf(v.toString());
                case TIMESTAMP:
                    return r.time() == null ? null : r.time().atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
                default:
                    return r.time() == null ? null : r.time().toInstant();
            }
        } catch (NumberFormatException e) {
            return null; // as Flink's JSON format with ignore-parse-errors: a value that does not fit is NULL
        }
    }

    private static TypeInformation<?> typeOf(SqlType.Kind kind) {
        switch (kind) {
            case VARCHAR:
                return Types.STRING;
            case SMALLINT:
                return Types.SHORT;
            case INTEGER:
                return Types.INT;
            case BIGINT:
                return Types.LONG;
            case DOUBLE:
                return Types.DOUBLE;
            case BOOLEAN:
                return Types.BOOLEAN;
            case TIMESTAMP:
                return Types.LOCAL_DATE_TIME;
            default:
                return Types.INSTANT;
        }
    }
}
