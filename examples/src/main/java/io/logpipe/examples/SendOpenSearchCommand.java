package io.logpipe.examples;

import io.logpipe.es.AwsSigV4Auth;
import io.logpipe.es.BulkSink;
import io.logpipe.es.BulkSinkStats;
import io.logpipe.es.EsAuth;
import io.logpipe.es.EsDocument;
import io.logpipe.es.EsRequestException;
import io.logpipe.es.IndexRotation;
import io.logpipe.es.IndexTemplate;
import io.logpipe.examples.support.LogInputOptions;
import io.logpipe.examples.support.LogLines;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.LayoutCheck;
import io.logpipe.sink.FailedRecordStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code logpipe send opensearch}: parses access-log lines and indexes each as its agent-JSON
 * document (what Firehose would deliver) through es-sink.
 */
@Command(
        name = "opensearch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Parses access-log lines and indexes each one into OpenSearch or Elasticsearch as its Kinesis Agent "
                    + "LOGTOJSON document, with Firehose's index rotation, retry duration and failed-document backup.",
            "Prints a summary. Exit code 1 if any document was backed up (or dropped) instead of indexed."
        })
public final class SendOpenSearchCommand implements Callable<Integer> {

    /** How requests are authenticated. */
    enum Auth {
        NONE,
        BASIC,
        SIGV4
    }

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The cluster, e.g. http://127.0.0.1:9200 (see: logpipe local opensearch).")
    URI url;

    @Option(names = "--index", required = true, paramLabel = "NAME", description = "Index name (1 to 80 characters).")
    String index;

    @Option(names = "--rotation", defaultValue = "NoRotation", paramLabel = "R", converter = RotationConverter.class,
            description = "NoRotation, OneHour, OneDay, OneWeek or OneMonth (Firehose's suffixes, UTC). "
                    + "Default: ${DEFAULT-VALUE}.")
    IndexRotation rotation;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "Write documents that cannot be indexed here, in Firehose's failed-document JSON under "
                    + "AmazonOpenSearchService-failed/yyyy/MM/dd/HH/.")
    @Nullable Path backupDir;

    /** Counts lines that parsed but look like another layout; set in call(). */
    private LayoutCheck layout = LayoutCheck.forFormat(LogFormat.COMBINED);

    @Mixin
    LogInputOptions input = new LogInputOptions();

    @Option(names = "--auth", defaultValue = "NONE", paramLabel = "none|basic|sigv4",
            description = "none; basic (--user, password from LOGPIPE_ES_PASSWORD); sigv4 (AWS default credentials, "
                    + "--region, --service). Default: none.")
    Auth auth;

    @Option(names = "--user", paramLabel = "USER", description = "User for --auth basic.")
    @Nullable String user;

    @Option(names = "--region", paramLabel = "REGION", description = "Region for --auth sigv4, e.g. us-east-1.")
    @Nullable String region;

    @Option(names = "--service", defaultValue = "es", paramLabel = "es|aoss",
            description = "Signing name for --auth sigv4: es (OpenSearch Service) or aoss (Serverless). Default: es.")
    String service;

    @Option(names = "--gzip", description = "Compress request bodies.")
    boolean gzip;

    @Option(names = "--template", description = "Install the access-log index template (date, integer status, long "
            + "bytes) for NAME* first.")
    boolean template;

    @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "N",
            description = "Documents per _bulk request. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--concurrency", defaultValue = "2", paramLabel = "N",
            description = "Requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--retry-duration", defaultValue = "300", paramLabel = "SECONDS",
            description = "Firehose's retry duration, 0 to 7200; 0 = no retries. Default: ${DEFAULT-VALUE}.")
    int retrySeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogFormat logFormat;
        AgentJson agentJson;
        AccessLogParser parser;
        EsAuth esAuth;
        try {
            logFormat = input.logFormat();
            agentJson = AgentJson.forFormat(logFormat);
            parser = input.parser(logFormat);
            layout = LayoutCheck.forFormat(logFormat);
            esAuth = auth();
            if (retrySeconds < 0 || retrySeconds > 7200) {
                throw new IllegalArgumentException("--retry-duration must be 0 to 7200 seconds, got " + retrySeconds);
            }
        } catch (IllegalArgumentException e) {
            err.println("logpipe send opensearch: " + e.getMessage());
            return 2;
        }
        LogLines lines = new LogLines();
        BulkSinkStats stats;
        try (BulkSink sink = BulkSink.builder().endpoint(url).index(index).rotation(rotation)
                .backupStore(backupDir == null ? null : FailedRecordStore.directory(backupDir))
                .backupObjectPrefix("logpipe-send-opensearch")
                .auth(esAuth).gzip(gzip).maxBatchDocuments(batchSize).maxConcurrentRequests(concurrency)
                .retryDuration(Duration.ofSeconds(retrySeconds)).build()) {
            if (template) {
                sink.installTemplate(IndexTemplate.accessLog(index + "*"));
            }
            lines.read(input.files(), input.stdin(), parser, layout, record -> sink.add(EsDocument.of(agentJson.write(record))));
            sink.flush().join();
            stats = sink.stats();
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("logpipe send opensearch: cannot read input: " + e.getMessage());
            return 2;
        } catch (EsRequestException e) {
            err.println("logpipe send opensearch: " + e.getMessage());
            return 1;
        } catch (LogpipeException | IllegalArgumentException e) {
            err.println("logpipe send opensearch: " + e.getMessage());
            return 1;
        }
        out.printf("read %d lines: %d parsed, %d malformed; indexed %d into %s at %s, backed up %d%s (%d requests, "
                        + "%d item retries)%n",
                lines.lines(), lines.lines() - lines.malformed(), lines.malformed(), stats.indexed(), index + rotationSuffixHint(), url, stats.failed(),
                stats.failed() > 0 && backupDir != null ? " to " + backupDir : stats.failed() > 0 ? " (dropped: no --backup-dir)" : "",
                stats.requests(), stats.retried());
        lines.reportSkipped(err, "logpipe send opensearch", layout);
        out.flush();
        return stats.failed() > 0 ? 1 : 0;
    }

    private String rotationSuffixHint() {
        return rotation == IndexRotation.NO_ROTATION ? "" : " (" + rotation.firehoseName() + ")";
    }

    private EsAuth auth() {
        switch (auth) {
            case BASIC:
                String password = System.getenv("LOGPIPE_ES_PASSWORD");
                if (user == null || password == null) {
                    throw new IllegalArgumentException("--auth basic needs --user and the LOGPIPE_ES_PASSWORD variable");
                }
                return EsAuth.basic(user, password);
            case SIGV4:
                if (region == null) {
                    throw new IllegalArgumentException("--auth sigv4 needs --region, e.g. --region us-east-1");
                }
                if (!service.equals(AwsSigV4Auth.SERVICE_ES) && !service.equals(AwsSigV4Auth.SERVICE_AOSS)) {
                    throw new IllegalArgumentException("--service must be es or aoss, got '" + service + "'");
                }
                return AwsSigV4Auth.of(region, service, DefaultCredentialsProvider.builder().build());
            default:
                return EsAuth.none();
        }
    }

    /** Parses Firehose rotation names and constant names. */
    static final class RotationConverter implements ITypeConverter<IndexRotation> {
        @Override
        public IndexRotation convert(String value) {
            return IndexRotation.of(value);
        }
    }
}
