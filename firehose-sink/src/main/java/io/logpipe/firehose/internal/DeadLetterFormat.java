package io.logpipe.firehose.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logpipe.firehose.DeadLetter;
import io.logpipe.sink.FirehoseKeyLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The dead-letter file format shared by the directory and S3 writers: JSON lines in the shape
 * Firehose writes its own failed records ({@code attemptsMade}, {@code arrivalTimestamp},
 * {@code errorCode}, {@code errorMessage}, {@code attemptEndingTimestamp}, {@code rawData} in
 * base64), plus {@code deliveryStreamName}; and their keys, in the project's one layout
 * ({@link FirehoseKeyLayout}): {@code YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<uuid>}.
 */
@API(status = INTERNAL)
public final class DeadLetterFormat {

    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterFormat() {}

    /**
     * Returns the JSON-lines body for the letters.
     *
     * @param letters the dead letters
     * @return UTF-8 JSON, one object per line
     */
    public static byte[] toJsonLines(List<DeadLetter> letters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(letters.size() * 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            for (DeadLetter l : letters) {
                g.writeStartObject();
                g.writeNumberField("attemptsMade", l.attempts());
                g.writeNumberField("arrivalTimestamp", l.firstAttempt().toEpochMilli());
                g.writeStringField("errorCode", l.errorCode());
                g.writeStringField("errorMessage", l.errorMessage());
                g.writeNumberField("attemptEndingTimestamp", l.lastAttempt().toEpochMilli());
                g.writeStringField("deliveryStreamName", l.deliveryStream());
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

    /**
     * Returns the object key (relative path) for a dead-letter object written at {@code now}.
     *
     * @param stream the delivery stream
     * @param now the write time
     * @return {@code YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<uuid>}, as {@link FirehoseKeyLayout} lays it out
     */
    public static String key(String stream, Instant now) {
        return FirehoseKeyLayout.key("", "", stream, now);
    }
}
