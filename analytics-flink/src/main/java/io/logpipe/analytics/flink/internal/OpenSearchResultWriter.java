package io.logpipe.analytics.flink.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.flink.AnalyticsException;
import io.logpipe.analytics.flink.OpenSearchResultSink;
import io.logpipe.es.BulkAction;
import io.logpipe.es.BulkSink;
import io.logpipe.es.EsBulkItemException;
import io.logpipe.es.EsDocument;
import io.logpipe.es.EsRequestException;
import io.logpipe.es.IndexTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link OpenSearchResultSink}: one {@code BulkSink} per parallel task, documents with ids
 * from the rows' id fields, flushed and awaited on every checkpoint and at the end of input; a document
 * given up fails the task. Called on the task thread only; deliveries settle into {@link PendingDeliveries}.
 */
public final class OpenSearchResultWriter implements SinkWriter<String> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchResultWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchResultSink settings;
    private final List<String> idFields;
    private final BulkSink sink;
    private final PendingDeliveries pending;

    /**
     * Builds the sink and installs the index template.
     *
     * @param settings the sink's settings
     * @param metrics the writer's Flink metrics
     * @throws AnalyticsException if the server cannot be reached
     */
    public OpenSearchResultWriter(OpenSearchResultSink settings, SinkWriterMetricGroup metrics) {
        this.settings = settings;
        this.idFields = settings.idFields();
        String where = "OpenSearch index '" + settings.index() + "' at " + settings.endpoint();
        this.pending = new PendingDeliveries(where, metrics.getNumRecordsSendCounter(),
                metrics.getNumRecordsSendErrorsCounter());
        this.sink = BulkSink.builder()
                .endpoint(settings.endpoint())
                .index(settings.index())
                .action(BulkAction.INDEX)
                .linger(settings.linger())
                .retryDuration(settings.retryDuration())
                .build();
        try {
            sink.installTemplate(IndexTemplate.requestData(settings.index() + "*"));
        } catch (EsRequestException e) {
            if (e.status() == EsBulkItemException.NO_STATUS) {
                sink.close();
                throw new AnalyticsException("cannot reach " + where + ": " + e.getMessage()
                        + "; is OpenSearch running there? (./logpipe local opensearch)", null);
            }
            // a server that refuses templates (permissions, an old version) can still take documents
            LOG.warn("cannot install the index template, indexing anyway [index={}, status={}]", settings.index(),
                    e.status());
        }
    }

    @Override
    public void write(String row, Context context) throws IOException {
        pending.check();
        JsonNode node = JSON.readTree(row);
        StringBuilder id = new StringBuilder();
        for (String f : idFields) {
            JsonNode v = node.get(f);
            if (v == null || v.isNull()) {
                throw new AnalyticsException("result row " + row + " has no " + f + ", which the OpenSearch output"
                        + " needs for its document ids (" + String.join(", ", idFields) + ")", null);
            }
            if (id.length() > 0) {
                id.append('_');
            }
            id.append(v.asText());
        }
        pending.track(sink.send(EsDocument.of(row.getBytes(StandardCharsets.UTF_8)).withId(id.toString())));
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        pending.awaitFlush(sink.flush(), settings.flushTimeout());
    }

    @Override
    public void close() {
        sink.close();
    }
}
