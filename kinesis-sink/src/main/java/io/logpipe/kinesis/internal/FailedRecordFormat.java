package io.logpipe.kinesis.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The JSON-lines body of the records a Kinesis sink gave up on, in the shape Firehose writes its own
 * failed records ({@code attemptsMade}, {@code arrivalTimestamp}, {@code errorCode},
 * {@code errorMessage}, {@code attemptEndingTimestamp}, {@code rawData} in base64), plus
 * {@code streamName} and {@code partitionKey}.
 */
@API(status = INTERNAL)
public final class FailedRecordFormat {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One record given up.
     *
     * @param data the record's bytes
     * @param partitionKey its partition key
     * @param errorCode the last error code
     * @param errorMessage the last error message
     * @param attempts the sends made
     * @param arrivalMillis when it reached the sink, epoch milliseconds
     * @param endMillis when it was given up, epoch milliseconds
     */
    public record Line(byte[] data, String partitionKey, String errorCode, String errorMessage, int attempts,
            long arrivalMillis, long endMillis) {}

    private FailedRecordFormat() {}

    /**
     * Returns the JSON-lines body.
     *
     * @param stream the data stream's name
     * @param lines the records
     * @return UTF-8 JSON, one object per line
     */
    public static byte[] toJsonLines(String stream, List<Line> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines.size() * 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            for (Line l : lines) {
                g.writeStartObject();
                g.writeNumberField("attemptsMade", l.attempts());
                g.writeNumberField("arrivalTimestamp", l.arrivalMillis());
                g.writeStringField("errorCode", l.errorCode());
                g.writeStringField("errorMessage", l.errorMessage());
                g.writeNumberField("attemptEndingTimestamp", l.endMillis());
                g.writeStringField("streamName", stream);
                g.writeStringField("partitionKey", l.partitionKey());
                g.writeFieldName("rawData");
                g.writeBinary(l.data());
                g.writeEndObject();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
