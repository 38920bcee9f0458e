package io.logpipe.es.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code _bulk} response with Jackson's streaming parser. When {@code errors} is
 * {@code false} (it comes before {@code items}), parsing stops there: every item succeeded.
 */
public final class BulkResponseParser {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One item's answer.
     *
     * @param status the item status
     * @param errorType the error type, if any
     * @param errorReason the error reason, if any
     */
    public record Item(int status, @Nullable String errorType, @Nullable String errorReason) {
    }

    /**
     * A parsed response.
     *
     * @param errors the {@code errors} flag
     * @param items the items in request order; empty when {@code errors} was {@code false}
     */
    public record Response(boolean errors, List<Item> items) {
    }

    private BulkResponseParser() {
    }

    /**
     * Parses a response body.
     *
     * @param body the JSON body
     * @return the response
     * @throws IOException if it is not a {@code _bulk} response
     */
    public static Response parse(byte[] body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a _bulk response must be a JSON object");
            }
            boolean errors = true;
            boolean sawErrors = false;
            List<Item> items = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("errors".equals(name)) {
                    errors = t == JsonToken.VALUE_TRUE;
                    sawErrors = true;
                    if (!errors) {
                        return new Response(false, List.of());
                    }
                } else if ("items".equals(name) && t == JsonToken.START_ARRAY) {
                    items = readItems(p);
                } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            if (!sawErrors || items == null) {
                throw new IOException("a _bulk response needs 'errors' and 'items'");
            }
            return new Response(errors, items);
        }
    }

    private static List<Item> readItems(JsonParser p) throws IOException {
        List<Item> items = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            // {"index": {...}}
            if (p.nextToken() != JsonToken.FIELD_NAME || p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a _bulk item must be {\"<action>\": {...}}");
            }
            int status = 0;
            String type = null;
            String reason = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("status".equals(name)) {
                    status = p.getIntValue();
                } else if ("error".equals(name)) {
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String en = p.currentName();
                            JsonToken et = p.nextToken();
                            if ("type".equals(en)) {
                                type = p.getValueAsString();
                            } else if ("reason".equals(en)) {
                                reason = p.getValueAsString();
                            } else if (et == JsonToken.START_OBJECT || et == JsonToken.START_ARRAY) {
                                p.skipChildren();
                            }
                        }
                    } else {
                        reason = p.getValueAsString();
                    }
                } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw new IOException("a _bulk item must hold exactly one action");
            }
            items.add(new Item(status, type, reason));
        }
        return items;
    }
}
