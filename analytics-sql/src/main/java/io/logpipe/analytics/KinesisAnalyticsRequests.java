package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationCodeConfiguration;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationConfiguration;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContent;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.DestinationSchema;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.EnvironmentProperties;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.FlinkApplicationConfiguration;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.Input;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.JSONMappingParameters;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.KinesisFirehoseInput;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.KinesisFirehoseOutput;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.MappingParameters;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.Output;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ParallelismConfiguration;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.PropertyGroup;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RecordColumn;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RecordFormat;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.S3ContentLocation;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.SourceSchema;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.SqlApplicationConfiguration;

/**
 * Builds the {@code kinesisanalyticsv2} {@link CreateApplicationRequest}s that deploy the analytics
 * stage: the tutorial's SQL application, and its successor on Amazon Managed Service for Apache Flink.
 * Send them with a {@code KinesisAnalyticsV2Client} of your own (this module brings no HTTP client).
 */
@API(status = EXPERIMENTAL)
public final class KinesisAnalyticsRequests {

    /** The tutorial's application name: {@value}. */
    public static final String DEFAULT_SQL_APPLICATION = "web-log-aggregation-tutorial";
    /** The prefix of the in-application input stream, which KDA numbers {@code _001}: {@value}. */
    public static final String INPUT_NAME_PREFIX = "SOURCE_SQL_STREAM";
    /** The property group that carries the Flink SQL statements: {@value}. */
    public static final String SQL_PROPERTY_GROUP = "logpipe.sql";
    /** The key prefix of the statements in {@link #SQL_PROPERTY_GROUP}, numbered from 1: {@value}. */
    public static final String STATEMENT_KEY_PREFIX = "statement.";
    /** The longest property value the service accepts: {@value} characters. */
    public static final int MAX_PROPERTY_VALUE_LENGTH = 2048;

    private KinesisAnalyticsRequests() {
    }

    /**
     * Starts the tutorial's SQL-1_0 application request.
     *
     * <p><b>Deprecated service:</b> Kinesis Data Analytics for SQL applications creates no new
     * applications since 2025-10-15, and existing applications are deleted from 2026-01-27. The request
     * documents what the tutorial deployed; {@link #flinkApplication()} is the replacement.
     *
     * @return a builder
     */
    public static SqlApplicationBuilder sqlApplication() {
        return new SqlApplicationBuilder();
    }

    /**
     * Starts a Managed Service for Apache Flink (runtime {@code FLINK-1_20}) application request that
     * runs logpipe's Flink job from a jar in S3, with the SQL statements as application properties
     * (group {@value #SQL_PROPERTY_GROUP}, keys {@code statement.1}, {@code statement.2}, ...).
     *
     * @return a builder
     */
    public static FlinkApplicationBuilder flinkApplication() {
        return new FlinkApplicationBuilder();
    }

    /**
     * Returns the statements as the job reads them from the application properties.
     *
     * @param statements the statements in execution order
     * @return {@code statement.1 -> first, ...}
     * @throws IllegalArgumentException if a statement is longer than {@value #MAX_PROPERTY_VALUE_LENGTH}
     */
    public static Map<String, String> statementProperties(List<String> statements) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < statements.size(); i++) {
            String s = statements.get(i);
            if (s.length() > MAX_PROPERTY_VALUE_LENGTH) {
                throw new IllegalArgumentException("statement " + (i + 1) + " is " + s.length()
                        + " characters; application properties hold at most " + MAX_PROPERTY_VALUE_LENGTH);
            }
            m.put(STATEMENT_KEY_PREFIX + (i + 1), s);
        }
        return m;
    }

    /** Builds the SQL-1_0 request; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class SqlApplicationBuilder {
        private String applicationName = DEFAULT_SQL_APPLICATION;
        private @Nullable String serviceExecutionRole;
        private @Nullable String inputFirehoseArn;
        private @Nullable String outputFirehoseArn;
        private StreamQuery query = Tutorial.revised();

        private SqlApplicationBuilder() {
        }

        /**
         * Sets the application name. Default: {@value KinesisAnalyticsRequests#DEFAULT_SQL_APPLICATION}.
         *
         * @param name the name
         * @return this builder
         */
        public SqlApplicationBuilder applicationName(String name) {
            this.applicationName = Objects.requireNonNull(name, "applicationName");
            return this;
        }

        /**
         * Sets the IAM role the application reads and writes with. Required.
         *
         * @param roleArn the role ARN
         * @return this builder
         */
        public SqlApplicationBuilder serviceExecutionRole(String roleArn) {
            this.serviceExecutionRole = Objects.requireNonNull(roleArn, "serviceExecutionRole");
            return this;
        }

        /**
         * Sets the input delivery stream ({@code web-log-ingestion-stream}). Required.
         *
         * @param arn the delivery stream ARN
         * @return this builder
         */
        public SqlApplicationBuilder inputFirehose(String arn) {
            this.inputFirehoseArn = Objects.requireNonNull(arn, "inputFirehose");
            return this;
        }

        /**
         * Sets the output delivery stream ({@code web-log-aggregated-data}). Required.
         *
         * @param arn the delivery stream ARN
         * @return this builder
         */
        public SqlApplicationBuilder outputFirehose(String arn) {
            this.outputFirehoseArn = Objects.requireNonNull(arn, "outputFirehose");
            return this;
        }

        /**
         * Sets the query; its source columns become the input schema and its sink the output stream.
         * Default: {@link Tutorial#revised()}.
         *
         * @param q the query
         * @return this builder
         */
        public SqlApplicationBuilder query(StreamQuery q) {
            this.query = Objects.requireNonNull(q, "query");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalStateException if a required setting is missing
         */
        public CreateApplicationRequest build() {
            String role = require(serviceExecutionRole, "serviceExecutionRole");
            String in = require(inputFirehoseArn, "inputFirehose");
            String out = require(outputFirehoseArn, "outputFirehose");
            List<RecordColumn> columns = new ArrayList<>();
            for (Column c : query.source().columns()) {
                columns.add(RecordColumn.builder()
                        .name(c.name().value())
                        .mapping(c.jsonPath())
                        .sqlType(io.logpipe.analytics.internal.Renderer.kdaType(c.type()))
                        .build());
            }
            Input input = Input.builder()
                    .namePrefix(INPUT_NAME_PREFIX)
                    .kinesisFirehoseInput(KinesisFirehoseInput.builder().resourceARN(in).build())
                    .inputSchema(SourceSchema.builder()
                            .recordFormat(RecordFormat.builder()
                                    .recordFormatType(RecordFormatType.JSON)
                                    .mappingParameters(MappingParameters.builder()
                                            .jsonMappingParameters(JSONMappingParameters.builder()
                                                    .recordRowPath("$").build())
                                            .build())
                                    .build())
                            .recordEncoding("UTF-8")
                            .recordColumns(columns)
                            .build())
                    .build();
            Output output = Output.builder()
                    .name(query.sink().name().value())
                    .kinesisFirehoseOutput(KinesisFirehoseOutput.builder().resourceARN(out).build())
                    .destinationSchema(DestinationSchema.builder().recordFormatType(RecordFormatType.JSON).build())
                    .build();
            return CreateApplicationRequest.builder()
                    .applicationName(applicationName)
                    .applicationDescription("logpipe: per-minute request counts by status (tutorial SQL)")
                    .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                    .serviceExecutionRole(role)
                    .applicationConfiguration(ApplicationConfiguration.builder()
                            .sqlApplicationConfiguration(SqlApplicationConfiguration.builder()
                                    .inputs(input)
                                    .outputs(output)
                                    .build())
                            .applicationCodeConfiguration(ApplicationCodeConfiguration.builder()
                                    .codeContentType(CodeContentType.PLAINTEXT)
                                    .codeContent(CodeContent.builder()
                                            .textContent(KdaSqlRenderer.tutorialStyle().render(query))
                                            .build())
                                    .build())
                            .build())
                    .build();
        }
    }

    /** Builds the Managed Service for Apache Flink request; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class FlinkApplicationBuilder {
        /** The default parallelism: {@value}. */
        public static final int DEFAULT_PARALLELISM = 1;

        private String applicationName = "web-log-aggregation";
        private @Nullable String serviceExecutionRole;
        private @Nullable String codeBucketArn;
        private @Nullable String codeFileKey;
        private @Nullable List<String> statements;
        private int parallelism = DEFAULT_PARALLELISM;

        private FlinkApplicationBuilder() {
        }

        /**
         * Sets the application name. Default: {@code web-log-aggregation}.
         *
         * @param name the name
         * @return this builder
         */
        public FlinkApplicationBuilder applicationName(String name) {
            this.applicationName = Objects.requireNonNull(name, "applicationName");
            return this;
        }

        /**
         * Sets the IAM role the application runs with. Required.
         *
         * @param roleArn the role ARN
         * @return this builder
         */
        public FlinkApplicationBuilder serviceExecutionRole(String roleArn) {
            this.serviceExecutionRole = Objects.requireNonNull(roleArn, "serviceExecutionRole");
            return this;
        }

        /**
         * Sets the location of the job jar (logpipe's {@code analytics-flink} job). Required.
         *
         * @param bucketArn the bucket ARN, {@code arn:aws:s3:::bucket}
         * @param fileKey the object key of the jar
         * @return this builder
         */
        public FlinkApplicationBuilder code(String bucketArn, String fileKey) {
            this.codeBucketArn = Objects.requireNonNull(bucketArn, "bucketArn");
            this.codeFileKey = Objects.requireNonNull(fileKey, "fileKey");
            return this;
        }

        /**
         * Sets the Flink SQL the job runs. Required.
         *
         * @param sql the statements, for example from {@link FlinkSqlRenderer#render(StreamQuery)}
         * @return this builder
         */
        public FlinkApplicationBuilder sql(FlinkSql sql) {
            this.statements = sql.statements();
            return this;
        }

        /**
         * Sets the parallelism. Default: {@value #DEFAULT_PARALLELISM}.
         *
         * @param value at least 1
         * @return this builder
         */
        public FlinkApplicationBuilder parallelism(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, was " + value);
            }
            this.parallelism = value;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalStateException if a required setting is missing
         * @throws IllegalArgumentException if a statement exceeds the property value limit
         */
        public CreateApplicationRequest build() {
            String role = require(serviceExecutionRole, "serviceExecutionRole");
            String bucket = require(codeBucketArn, "code");
            String key = require(codeFileKey, "code");
            List<String> sql = require(statements, "sql");
            return CreateApplicationRequest.builder()
                    .applicationName(applicationName)
                    .applicationDescription("logpipe: per-minute request counts by status (Flink SQL)")
                    .runtimeEnvironment(RuntimeEnvironment.FLINK_1_20)
                    .serviceExecutionRole(role)
                    .applicationConfiguration(ApplicationConfiguration.builder()
                            .applicationCodeConfiguration(ApplicationCodeConfiguration.builder()
                                    .codeContentType(CodeContentType.ZIPFILE)
                                    .codeContent(CodeContent.builder()
                                            .s3ContentLocation(S3ContentLocation.builder()
                                                    .bucketARN(bucket).fileKey(key).build())
                                            .build())
                                    .build())
                            .environmentProperties(EnvironmentProperties.builder()
                                    .propertyGroups(PropertyGroup.builder()
                                            .propertyGroupId(SQL_PROPERTY_GROUP)
                                            .propertyMap(statementProperties(sql))
                                            .build())
                                    .build())
                            .flinkApplicationConfiguration(FlinkApplicationConfiguration.builder()
                                    .parallelismConfiguration(ParallelismConfiguration.builder()
                                            .configurationType(ConfigurationType.CUSTOM)
                                            .parallelism(parallelism)
                                            .parallelismPerKPU(1)
                                            .autoScalingEnabled(false)
                                            .build())
                                    .build())
                            .build())
                    .build();
        }
    }

    private static <T> T require(@Nullable T value, String field) {
        if (value == null) {
            throw new IllegalStateException(field + " is required");
        }
        return value;
    }
}
