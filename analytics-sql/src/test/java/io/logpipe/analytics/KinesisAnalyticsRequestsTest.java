package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationCodeConfiguration;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.Input;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.Output;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.PropertyGroup;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RecordColumn;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RecordFormatType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;

final class KinesisAnalyticsRequestsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/kda";
    private static final String IN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/web-log-ingestion-stream";
    private static final String OUT = "arn:aws:firehose:us-east-1:123456789012:deliverystream/web-log-aggregated-data";

    @Test
    void sqlApplication_tutorial_carriesSchemaInputOutputAndCodeExactly() {
        CreateApplicationRequest r = KinesisAnalyticsRequests.sqlApplication()
                .serviceExecutionRole(ROLE).inputFirehose(IN).outputFirehose(OUT).build();

        assertThat(r.applicationName()).isEqualTo("web-log-aggregation-tutorial");
        assertThat(r.runtimeEnvironment()).isEqualTo(RuntimeEnvironment.SQL_1_0);
        assertThat(r.serviceExecutionRole()).isEqualTo(ROLE);
        List<Input> inputs = r.applicationConfiguration().sqlApplicationConfiguration().inputs();
        assertThat(inputs).hasSize(1);
        Input in = inputs.get(0);
        assertThat(in.namePrefix()).isEqualTo("SOURCE_SQL_STREAM");
        assertThat(in.kinesisFirehoseInput().resourceARN()).isEqualTo(IN);
        assertThat(in.inputSchema().recordEncoding()).isEqualTo("UTF-8");
        assertThat(in.inputSchema().recordFormat().recordFormatType()).isEqualTo(RecordFormatType.JSON);
        assertThat(in.inputSchema().recordFormat().mappingParameters().jsonMappingParameters().recordRowPath())
                .isEqualTo("$");
        assertThat(in.inputSchema().recordColumns()).containsExactly(
                column("host", "$.host", "VARCHAR(16)"),
                column("datetime", "$.datetime", "VARCHAR(32)"),
                column("request", "$.request", "VARCHAR(64)"),
                column("response", "$.response", "SMALLINT"),
                column("bytes", "$.bytes", "SMALLINT"),
                column("referer", "$.referer", "VARCHAR(128)"),
                column("agent", "$.agent", "VARCHAR(256)"));
        List<Output> outputs = r.applicationConfiguration().sqlApplicationConfiguration().outputs();
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).name()).isEqualTo("DESTINATION_SQL_STREAM");
        assertThat(outputs.get(0).kinesisFirehoseOutput().resourceARN()).isEqualTo(OUT);
        assertThat(outputs.get(0).destinationSchema().recordFormatType()).isEqualTo(RecordFormatType.JSON);
        ApplicationCodeConfiguration code = r.applicationConfiguration().applicationCodeConfiguration();
        assertThat(code.codeContentType()).isEqualTo(CodeContentType.PLAINTEXT);
        assertThat(SqlText.normalize(code.codeContent().textContent()))
                .isEqualTo(SqlText.normalize(SqlText.resource("tutorial-revised.kda.sql")));
    }

    @Test
    void sqlApplication_originalQueryAndName_areUsed() {
        CreateApplicationRequest r = KinesisAnalyticsRequests.sqlApplication().applicationName("mine")
                .query(Tutorial.original()).serviceExecutionRole(ROLE).inputFirehose(IN).outputFirehose(OUT).build();

        assertThat(r.applicationName()).isEqualTo("mine");
        assertThat(SqlText.normalize(r.applicationConfiguration().applicationCodeConfiguration().codeContent()
                .textContent())).isEqualTo(SqlText.normalize(SqlText.resource("tutorial-original.kda.sql")));
    }

    @Test
    void sqlApplication_missingRole_namesField() {
        assertThatThrownBy(() -> KinesisAnalyticsRequests.sqlApplication().inputFirehose(IN).outputFirehose(OUT)
                .build()).isInstanceOf(IllegalStateException.class).hasMessage("serviceExecutionRole is required");
    }

    @Test
    void flinkApplication_carriesRuntimeCodeAndSqlProperties() {
        FlinkSql sql = FlinkSqlRenderer.withConnectors(FlinkSqlRenderer.jsonFilesMonitored("s3://in/",
                        Duration.ofSeconds(30)), FlinkSqlRenderer.firehose("web-log-aggregated-data", "us-east-1"))
                .render(Tutorial.flink(TimeAttribute.arrival(), Tutorial.DEFAULT_WINDOW));

        CreateApplicationRequest r = KinesisAnalyticsRequests.flinkApplication()
                .applicationName("logpipe-flink").serviceExecutionRole(ROLE)
                .code("arn:aws:s3:::logpipe-code", "analytics-flink-job.jar").sql(sql).parallelism(2).build();

        assertThat(r.runtimeEnvironment()).isEqualTo(RuntimeEnvironment.FLINK_1_20);
        assertThat(r.applicationName()).isEqualTo("logpipe-flink");
        ApplicationCodeConfiguration code = r.applicationConfiguration().applicationCodeConfiguration();
        assertThat(code.codeContentType()).isEqualTo(CodeContentType.ZIPFILE);
        assertThat(code.codeContent().s3ContentLocation().bucketARN()).isEqualTo("arn:aws:s3:::logpipe-code");
        assertThat(code.codeContent().s3ContentLocation().fileKey()).isEqualTo("analytics-flink-job.jar");
        List<PropertyGroup> groups = r.applicationConfiguration().environmentProperties().propertyGroups();
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).propertyGroupId()).isEqualTo("logpipe.sql");
        assertThat(groups.get(0).propertyMap()).isEqualTo(Map.of(
                "statement.1", sql.sourceDdl(), "statement.2", sql.sinkDdl(), "statement.3", sql.insert()));
        assertThat(sql.sourceDdl()).contains("'source.monitor-interval' = '30000 ms'");
        assertThat(sql.sinkDdl()).contains("'connector' = 'firehose'", "'delivery-stream' = 'web-log-aggregated-data'");
        var parallelism = r.applicationConfiguration().flinkApplicationConfiguration().parallelismConfiguration();
        assertThat(parallelism.configurationType()).isEqualTo(ConfigurationType.CUSTOM);
        assertThat(parallelism.parallelism()).isEqualTo(2);
        assertThat(parallelism.autoScalingEnabled()).isFalse();
    }

    @Test
    void statementProperties_tooLong_namesStatementAndLimit() {
        assertThatThrownBy(() -> KinesisAnalyticsRequests.statementProperties(List.of("a", "x".repeat(2049))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statement 2 is 2049 characters; application properties hold at most 2048");
        assertThatThrownBy(() -> KinesisAnalyticsRequests.flinkApplication().parallelism(0))
                .hasMessageContaining("parallelism must be >= 1, was 0");
        assertThatThrownBy(() -> KinesisAnalyticsRequests.flinkApplication().serviceExecutionRole(ROLE).build())
                .hasMessage("code is required");
    }

    private static RecordColumn column(String name, String mapping, String type) {
        return RecordColumn.builder().name(name).mapping(mapping).sqlType(type).build();
    }
}
