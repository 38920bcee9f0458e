package io.logpipe.local.firehose;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON 1.1 protocol of the local endpoint: routes on {@code X-Amz-Target}, validates like AWS,
 * injects faults, answers in AWS's shapes.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/APIReference/API_Operations.html">Firehose API</a>
 */
final class FirehoseProtocol implements HttpHandler {

    static final String TARGET_PREFIX = "Firehose_20150804.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_BATCH_RECORDS = 500;
    static final int MAX_RECORD_BYTES = 1_024_000;
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseProtocol.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
    private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/");
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private final LocalFirehose firehose;
    private final String recordIdPrefix;
    private final AtomicLong recordIds = new AtomicLong();
    private final LongAdder putRequests = new LongAdder();
    private final LongAdder recordsAccepted = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    FirehoseProtocol(LocalFirehose firehose) {
        this.firehose = firehose;
        this.recordIdPrefix = UUID.randomUUID().toString().replace("-", "");
    }

    LocalFirehoseStats stats() {
        return new LocalFirehoseStats(putRequests.sum(), recordsAccepted.sum(), recordsFailed.sum(), throttled.sum(),
                serverErrors.sum(), resets.sum(), rejected.sum());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                drain(exchange);
                error(exchange, new LocalFirehoseException("UnknownOperationException", 400,
                        "Expected POST / with X-Amz-Target: " + TARGET_PREFIX + "<Operation>, got "
                                + exchange.getRequestMethod() + " with X-Amz-Target " + target));
                return;
            }
            String op = target.substring(TARGET_PREFIX.length());
            boolean put = op.equals("PutRecordBatch") || op.equals("PutRecord");
            if (put && injectFault(exchange)) {
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] response;
            switch (op) {
                case "PutRecordBatch":
                    response = putRecordBatch(body);
                    break;
                case "PutRecord":
                    response = putRecord(body);
                    break;
                case "CreateDeliveryStream":
                    response = createDeliveryStream(body, region(exchange));
                    break;
                case "DescribeDeliveryStream":
                    response = describeDeliveryStream(body);
                    break;
                case "ListDeliveryStreams":
                    response = listDeliveryStreams(body);
                    break;
                case "DeleteDeliveryStream":
                    response = deleteDeliveryStream(body);
                    break;
                case "ListTagsForDeliveryStream":
                    response = listTagsForDeliveryStream(body);
                    break;
                default:
                    throw new LocalFirehoseException("UnknownOperationException", 400,
                            "Operation " + op + " is not supported by the local Firehose endpoint");
            }
            respond(exchange, 200, response, null);
        } catch (LocalFirehoseException e) {
            if (e.httpStatus() < 500) {
                rejected.increment();
            }
            error(exchange, e);
        } catch (JsonProcessingException e) {
            rejected.increment();
            error(exchange, new LocalFirehoseException("SerializationException", 400,
                    "Cannot parse the request body: " + e.getOriginalMessage()));
        } catch (IOException e) {
            LOG.debug("Local Firehose connection failed", e);
            exchange.close();
        } catch (RuntimeException e) {
            LOG.warn("Local Firehose failed to process a request", e);
            error(exchange, new LocalFirehoseException("InternalFailure", 500, "Internal service failure."));
        }
    }

    /** Returns whether a fault answered (or dropped) the call. */
    private boolean injectFault(HttpExchange exchange) throws IOException {
        putRequests.increment();
        FaultInjection faults = firehose.faults();
        long latency = faults.latency().toMillis();
        try {
            if (latency > 0) {
                Thread.sleep(latency);
            }
            faults.awaitNotStalled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return true;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (faults.resetRate() > 0 && random.nextDouble() < faults.resetRate()) {
            // close before reading the body or answering: the client sees the connection drop, and
            // nothing of the call was stored (so a retry cannot duplicate)
            resets.increment();
            exchange.close();
            return true;
        }
        if (faults.throttleRate() > 0 && random.nextDouble() < faults.throttleRate()) {
            throttled.increment();
            drain(exchange);
            error(exchange, slowDown());
            return true;
        }
        if (faults.errorRate() > 0 && random.nextDouble() < faults.errorRate()) {
            serverErrors.increment();
            drain(exchange);
            error(exchange, new LocalFirehoseException("InternalFailure", 500, "Internal service failure."));
            return true;
        }
        return false;
    }

    private static LocalFirehoseException slowDown() {
        return new LocalFirehoseException("ServiceUnavailableException", 503, "Slow down.");
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static String region(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            Matcher m = REGION.matcher(auth);
            if (m.find()) {
                return m.group(1);
            }
        }
        return LocalFirehose.DEFAULT_REGION;
    }

    // ---- operations ----

    private byte[] putRecordBatch(byte[] body) throws IOException {
        String name = null;
        List<byte[]> records = null;
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("DeliveryStreamName") && t == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else if (field.equals("Records") && t == JsonToken.START_ARRAY) {
                    records = new ArrayList<>(MAX_BATCH_RECORDS);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        byte[] data = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("Data")) {
                                data = p.getBinaryValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                        if (data == null) {
                            throw LocalFirehoseException.validation("1 validation error detected: Value null at 'records."
                                    + (records.size() + 1) + ".member.data' failed to satisfy constraint: Member must not be null");
                        }
                        records.add(data);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        String streamName = checkName(name);
        if (records == null || records.isEmpty()) {
            throw LocalFirehoseException.validation("1 validation error detected: Value at 'records' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        if (records.size() > MAX_BATCH_RECORDS) {
            throw LocalFirehoseException.validation("1 validation error detected: Value at 'records' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_BATCH_RECORDS);
        }
        long total = 0;
        for (int i = 0; i < records.size(); i++) {
            int len = records.get(i).length;
            if (len > MAX_RECORD_BYTES) {
                throw LocalFirehoseException.validation("1 validation error detected: Value at 'records." + (i + 1)
                        + ".member.data' failed to satisfy constraint: Member must have length less than or equal to "
                        + MAX_RECORD_BYTES);
            }
            total += len;
        }
        if (total > MAX_BATCH_BYTES) {
            throw LocalFirehoseException.invalidArgument("Records size exceeds " + MAX_BATCH_BYTES
                    + " bytes limit: " + total + " bytes in " + records.size() + " records");
        }
        DeliveryStreamState stream = requireStream(streamName);
        admit(stream, records.size(), total);

        double failRate = firehose.faults().failRate();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<byte[]> accepted = new ArrayList<>(records.size());
        byte[] failures = new byte[records.size()];
        int failed = 0;
        for (int i = 0; i < records.size(); i++) {
            if (failRate > 0 && random.nextDouble() < failRate) {
                failures[i] = (byte) (random.nextBoolean() ? 1 : 2);
                failed++;
            } else {
                accepted.add(records.get(i));
            }
        }
        if (!accepted.isEmpty()) {
            stream.destination.deliver(accepted);
        }
        recordsAccepted.add(accepted.size());
        recordsFailed.add(failed);

        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + records.size() * 64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("FailedPutCount", failed);
            g.writeBooleanField("Encrypted", false);
            g.writeArrayFieldStart("RequestResponses");
            long firstId = recordIds.getAndAdd(records.size());
            StringBuilder id = new StringBuilder(64);
            for (int i = 0; i < records.size(); i++) {
                g.writeStartObject();
                if (failures[i] == 1) {
                    g.writeStringField("ErrorCode", "ServiceUnavailableException");
                    g.writeStringField("ErrorMessage", "Slow down.");
                } else if (failures[i] == 2) {
                    g.writeStringField("ErrorCode", "InternalFailure");
                    g.writeStringField("ErrorMessage", "Internal service failure.");
                } else {
                    g.writeStringField("RecordId", recordId(id, firstId + i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private String recordId(StringBuilder sb, long n) {
        sb.setLength(0);
        sb.append(recordIdPrefix);
        String hex = Long.toHexString(n);
        for (int i = hex.length(); i < 16; i++) {
            sb.append('0');
        }
        return sb.append(hex).toString();
    }

    private byte[] putRecord(byte[] body) throws IOException {
        JsonNode req = parse(body);
        String name = req.path("DeliveryStreamName").textValue();
        checkName(name);
        JsonNode data = req.path("Record").path("Data");
        if (!data.isTextual()) {
            throw LocalFirehoseException.validation("1 validation error detected: Value null at 'record.data' failed"
                    + " to satisfy constraint: Member must not be null");
        }
        byte[] bytes = data.binaryValue();
        if (bytes.length > MAX_RECORD_BYTES) {
            throw LocalFirehoseException.validation("1 validation error detected: Value at 'record.data' failed to"
                    + " satisfy constraint: Member must have length less than or equal to " + MAX_RECORD_BYTES);
        }
        DeliveryStreamState stream = requireStream(name);
        admit(stream, 1, bytes.length);
        double failRate = firehose.faults().failRate();
        if (failRate > 0 && ThreadLocalRandom.current().nextDouble() < failRate) {
            recordsFailed.increment();
            throw slowDown();
        }
        stream.destination.deliver(List.of(bytes));
        recordsAccepted.increment();
        ObjectNode r = MAPPER.createObjectNode();
        r.put("RecordId", recordId(new StringBuilder(64), recordIds.getAndIncrement()));
        r.put("Encrypted", false);
        return MAPPER.writeValueAsBytes(r);
    }

    private void admit(DeliveryStreamState stream, long records, long bytes) {
        ThroughputQuota quota = firehose.faults().quota();
        if (quota != null && !stream.admit(quota, records, bytes)) {
            throttled.increment();
            throw slowDown();
        }
    }

    private byte[] createDeliveryStream(byte[] body, String region) throws IOException {
        JsonNode req = parse(body);
        String arn = firehose.createStream(req, region);
        ObjectNode r = MAPPER.createObjectNode();
        r.put("DeliveryStreamARN", arn);
        return MAPPER.writeValueAsBytes(r);
    }

    private byte[] describeDeliveryStream(byte[] body) throws IOException {
        JsonNode req = parse(body);
        String name = req.path("DeliveryStreamName").textValue();
        checkName(name);
        DeliveryStreamState s = requireStream(name);
        ObjectNode r = MAPPER.createObjectNode();
        ObjectNode d = r.putObject("DeliveryStreamDescription");
        d.put("DeliveryStreamName", s.name);
        d.put("DeliveryStreamARN", s.arn);
        d.put("DeliveryStreamStatus", "ACTIVE");
        d.put("DeliveryStreamType", "DirectPut");
        d.putObject("DeliveryStreamEncryptionConfiguration").put("Status", "DISABLED");
        d.put("VersionId", "1");
        d.put("CreateTimestamp", s.created.toEpochMilli() / 1000.0);
        ArrayNode destinations = d.putArray("Destinations");
        ObjectNode dest = destinations.addObject();
        dest.put("DestinationId", "destinationId-000000000001");
        dest.setAll(s.destination.description());
        d.put("HasMoreDestinations", false);
        return MAPPER.writeValueAsBytes(r);
    }

    private byte[] listDeliveryStreams(byte[] body) throws IOException {
        JsonNode req = body.length == 0 ? MAPPER.createObjectNode() : parse(body);
        int limit = req.path("Limit").asInt(10);
        if (limit < 1 || limit > 10000) {
            throw LocalFirehoseException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must be between 1 and 10000");
        }
        String type = req.path("DeliveryStreamType").asText("");
        String start = req.path("ExclusiveStartDeliveryStreamName").asText("");
        List<String> names = new ArrayList<>();
        boolean more = false;
        if (type.isEmpty() || type.equals("DirectPut")) {
            for (DeliveryStreamState s : firehose.streamsSnapshot()) {
                if (!start.isEmpty() && s.name.compareTo(start) <= 0) {
                    continue;
                }
                if (names.size() == limit) {
                    more = true;
                    break;
                }
                names.add(s.name);
            }
        }
        ObjectNode r = MAPPER.createObjectNode();
        ArrayNode a = r.putArray("DeliveryStreamNames");
        names.forEach(a::add);
        r.put("HasMoreDeliveryStreams", more);
        return MAPPER.writeValueAsBytes(r);
    }

    private byte[] deleteDeliveryStream(byte[] body) throws IOException {
        JsonNode req = parse(body);
        String name = req.path("DeliveryStreamName").textValue();
        checkName(name);
        firehose.deleteStream(name);
        return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] listTagsForDeliveryStream(byte[] body) throws IOException {
        DeliveryStreamState s = requireStream(streamName(parse(body)));
        ObjectNode r = MAPPER.createObjectNode();
        ArrayNode a = r.putArray("Tags");
        s.tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
        r.put("HasMoreTags", false);
        return MAPPER.writeValueAsBytes(r);
    }

    // ---- helpers ----

    /** Reads and validates CreateDeliveryStream's {@code Tags} (at most 50; keys 1-128, values 0-256 characters). */
    static java.util.Map<String, String> tags(JsonNode tags) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (tags.isMissingNode() || tags.isNull()) {
            return out;
        }
        if (!tags.isArray() || tags.size() < 1 || tags.size() > 50) {
            throw LocalFirehoseException.validation("1 validation error detected: Value at 'tags' failed to satisfy"
                    + " constraint: Member must have length between 1 and 50");
        }
        for (JsonNode t : tags) {
            String key = t.path("Key").asText("");
            String value = t.path("Value").asText("");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw LocalFirehoseException.validation("1 validation error detected: Value '" + key
                        + "' at 'tags.member.key' failed to satisfy constraint: keys are 1-128 characters, values 0-256");
            }
            out.put(key, value);
        }
        return out;
    }

    static String streamName(JsonNode req) {
        String name = req.path("DeliveryStreamName").textValue();
        checkName(name);
        return name;
    }

    /** Returns the name if it is a valid stream name, else throws Firehose's validation error. */
    private static String checkName(@Nullable String name) {
        if (name == null) {
            throw LocalFirehoseException.validation("1 validation error detected: Value null at 'deliveryStreamName'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw LocalFirehoseException.validation("1 validation error detected: Value '" + name
                    + "' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 64");
        }
        return name;
    }

    private DeliveryStreamState requireStream(String name) {
        DeliveryStreamState s = firehose.stream(name);
        if (s == null) {
            throw LocalFirehose.notFound(name);
        }
        return s;
    }

    private static JsonNode parse(byte[] body) throws IOException {
        JsonNode n = MAPPER.readTree(body);
        if (n == null || !n.isObject()) {
            throw new LocalFirehoseException("SerializationException", 400, "The request body must be a JSON object");
        }
        return n;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new LocalFirehoseException("SerializationException", 400,
                    "Expected " + expected + " in the request body, found " + actual);
        }
    }

    private static void error(HttpExchange exchange, LocalFirehoseException e) throws IOException {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("__type", e.errorType());
        r.put("message", e.getMessage());
        respond(exchange, e.httpStatus(), MAPPER.writeValueAsBytes(r), e.errorType());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, @Nullable String errorType) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", CONTENT_TYPE);
        h.set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            h.set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
