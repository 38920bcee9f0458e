package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A document that could not be indexed, in Firehose's failed-document JSON shape: one such object
 * per line in the backup objects under the {@code AmazonOpenSearchService-failed/} prefix.
 *
 * <pre>{@code
 * {"attemptsMade":4,"arrivalTimestamp":1456405200000,"errorCode":"400","errorMessage":"...",
 *  "attemptEndingTimestamp":1456405260000,"esDocumentId":"…","esIndexName":"request_data",
 *  "esTypeName":null,"rawData":"eyJTVEFUVVMiOiJ4In0="}
 * }</pre>
 *
 * @param attemptsMade the number of {@code _bulk} attempts that carried the document
 * @param arrivalTimestamp when the document reached the sink, epoch milliseconds
 * @param errorCode the HTTP status of the last attempt as a string ({@code "400"}, {@code "429"}),
 *     or a symbolic code for failures without one ({@code "ConnectionFailed"})
 * @param errorMessage the server's error (its {@code type} and {@code reason}) or the client's
 * @param attemptEndingTimestamp when the last attempt ended, epoch milliseconds
 * @param esDocumentId the {@code _id}, or {@code null} when the server was to generate it
 * @param esIndexName the index the document was sent to
 * @param esTypeName the mapping type (Elasticsearch 6 only), usually {@code null}
 * @param rawData the document's source, base64-encoded
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html">Firehose data delivery</a>
 */
@API(status = STABLE)
public record FailedDocument(
        int attemptsMade,
        long arrivalTimestamp,
        String errorCode,
        String errorMessage,
        long attemptEndingTimestamp,
        @Nullable String esDocumentId,
        String esIndexName,
        @Nullable String esTypeName,
        String rawData) {

    private static final JsonFactory JSON = new JsonFactory();

    /** Checks the required components. */
    public FailedDocument {
        requireNonNull(errorCode, "errorCode");
        requireNonNull(errorMessage, "errorMessage");
        requireNonNull(esIndexName, "esIndexName");
        requireNonNull(rawData, "rawData");
    }

    /**
     * Returns the decoded source of the document.
     *
     * @return the raw bytes Firehose would have indexed
     */
    public byte[] rawDataBytes() {
        return Base64.getDecoder().decode(rawData);
    }

    /**
     * Writes this record as one line of compact JSON, without a line break.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringWriter w = new StringWriter(rawData.length() + errorMessage.length() + 200);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("attemptsMade", attemptsMade);
            g.writeNumberField("arrivalTimestamp", arrivalTimestamp);
            g.writeStringField("errorCode", errorCode);
            g.writeStringField("errorMessage", errorMessage);
            g.writeNumberField("attemptEndingTimestamp", attemptEndingTimestamp);
            g.writeStringField("esDocumentId", esDocumentId);
            g.writeStringField("esIndexName", esIndexName);
            g.writeStringField("esTypeName", esTypeName);
            g.writeStringField("rawData", rawData);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Parses one failed-document JSON line (also OpenSearch Serverless's {@code osDocumentId} and
     * {@code osIndexName} names).
     *
     * @param json one JSON object
     * @return the record
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static FailedDocument parse(String json) {
        int attempts = 0;
        long arrival = 0;
        long ending = 0;
        String code = null;
        String message = null;
        String id = null;
        String index = null;
        String type = null;
        String raw = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("failed-document JSON must be an object: " + excerpt(json));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "attemptsMade": attempts = p.getValueAsInt(); break;
                    case "arrivalTimestamp": arrival = p.getValueAsLong(); break;
                    case "attemptEndingTimestamp": ending = p.getValueAsLong(); break;
                    case "errorCode": code = p.getValueAsString(); break;
                    case "errorMessage": message = p.getValueAsString(); break;
                    case "esDocumentId": case "osDocumentId": id = p.getValueAsString(); break;
                    case "esIndexName": case "osIndexName": index = p.getValueAsString(); break;
                    case "esTypeName": type = p.getValueAsString(); break;
                    case "rawData": raw = p.getValueAsString(); break;
                    default:
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            p.skipChildren();
                        }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid failed-document JSON: " + excerpt(json), e);
        }
        if (code == null || index == null || raw == null) {
            throw new IllegalArgumentException(
                    "failed-document JSON lacks errorCode, esIndexName or rawData: " + excerpt(json));
        }
        return new FailedDocument(attempts, arrival, code, message == null ? "" : message, ending, id, index, type, raw);
    }

    private static String excerpt(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
