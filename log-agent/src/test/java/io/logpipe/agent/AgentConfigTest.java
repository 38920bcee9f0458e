package io.logpipe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AgentConfigTest {

    @TempDir
    Path dir;

    private static String tutorial() throws Exception {
        return new String(AgentConfigTest.class.getResourceAsStream("/tutorial-agent.json").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    void parse_tutorialConfig_warnsAboutEachMistakeByName() throws Exception {
        AgentConfig c = AgentConfig.parse(tutorial().replace("full-path-to-log-file", "/tmp/logs/access_log*"));
        assertThat(c.warnings()).containsExactlyInAnyOrder(
                "cloudwatch.endpoint: Kinesis Agent setting with no effect in logpipe; ignored",
                "flows[0].dataProcessingOptions[0].initialPostion: unknown key; did you mean 'initialPosition'? "
                        + "'initialPosition' belongs in the flow object (flows[0]), not in dataProcessingOptions;"
                        + " ignored as the Kinesis Agent ignores it, so initialPosition is END_OF_FILE (the default)",
                "flows[0].dataProcessingOptions[0].maxBufferAgeMillis: misplaced; 'maxBufferAgeMillis' belongs in the"
                        + " flow object (flows[0]), not in dataProcessingOptions; ignored as the Kinesis Agent ignores"
                        + " it, so maxBufferAgeMillis is 60000 (the default) unless set in the flow");
        FlowConfig f = c.flows().get(0);
        assertThat(f.initialPosition()).isEqualTo(InitialPosition.END_OF_FILE);
        assertThat(f.maxBufferAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(f.directory()).isEqualTo(Path.of("/tmp/logs"));
        assertThat(f.fileGlob()).isEqualTo("access_log*");
        assertThat(f.deliveryStream()).isEqualTo("name-of-delivery-stream");
        assertThat(f.flowId()).isEqualTo("fh:name-of-delivery-stream:/tmp/logs/access_log*");
        assertThat(f.dataProcessingOptions()).containsExactly(new ProcessingOption.LogToJson(
                ProcessingOption.ApacheLogFormat.COMBINEDAPACHELOG, null, null, false));
        assertThat(c.firehoseEndpoint()).isEqualTo("firehose.us-east-1.amazonaws.com");
        assertThat(c.emitMetrics()).isTrue();
        assertThat(c.checkpointFile()).isEqualTo(AgentConfig.defaultCheckpointFile());
        assertThat(c.checkpointFile().toString()).doesNotStartWith("/var/run");
    }

    @Test
    void parse_everyFlowKey_setsTheFlow() {
        AgentConfig c = AgentConfig.parse("""
                {"checkpointFile": "/data/agent/cp", "firehose.endpoint": "", "cloudwatch.emitMetrics": "false",
                 "shutdownTimeoutMillis": 2000, "checkpointTimeToLiveDays": 3,
                 "awsAccessKeyId": "AKID", "awsSecretAccessKey": "SECRET",
                 "flows": [{"filePattern": "/var/log/app/*.log", "deliveryStream": "s",
                   "initialPosition": "start_of_file", "maxBufferAgeMillis": "5000", "maxBufferSizeRecords": 100,
                   "maxBufferSizeBytes": 1048576, "aggregatedRecordSizeBytes": 750000, "skipHeaderLines": 2,
                   "multiLineStartPattern": "^\\\\[", "truncatedRecordTerminator": "<cut>\\n",
                   "maxRecordSizeBytes": 4096, "minTimeBetweenFilePollsMillis": 50,
                   "dataProcessingOptions": [
                     {"optionName": "SINGLELINE"},
                     {"optionName": "LOGTOJSON", "logFormat": "COMMONAPACHELOG", "matchPattern": "^(\\\\S+) (.*)$",
                      "customFieldNames": ["host", "rest"], "jsonFormat": "PRETTYPRINT"},
                     {"optionName": "ADDMETADATA", "timestamp": "true", "metadata": {"env": "prod", "n": 1}}]}]}
                """);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.firehoseEndpoint()).isNull();
        assertThat(c.emitMetrics()).isFalse();
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.checkpointTimeToLive()).isEqualTo(Duration.ofDays(3));
        assertThat(c.awsAccessKeyId()).isEqualTo("AKID");
        assertThat(c.awsSecretAccessKey()).isEqualTo("SECRET");
        FlowConfig f = c.flows().get(0);
        assertThat(f.initialPosition()).isEqualTo(InitialPosition.START_OF_FILE);
        assertThat(f.maxBufferAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(f.maxBufferSizeRecords()).isEqualTo(100);
        assertThat(f.maxBufferSizeBytes()).isEqualTo(1048576);
        assertThat(f.aggregatedRecordSizeBytes()).isEqualTo(750000);
        assertThat(f.skipHeaderLines()).isEqualTo(2);
        assertThat(f.multiLineStartPattern().pattern()).isEqualTo("^\\[");
        assertThat(f.truncatedRecordTerminator()).isEqualTo("<cut>\n");
        assertThat(f.maxRecordSizeBytes()).isEqualTo(4096);
        assertThat(f.minTimeBetweenFilePolls()).isEqualTo(Duration.ofMillis(50));
        assertThat(f.dataProcessingOptions()).hasSize(3);
        assertThat(f.dataProcessingOptions().get(1)).isInstanceOfSatisfying(ProcessingOption.LogToJson.class, l -> {
            assertThat(l.customFieldNames()).containsExactly("host", "rest");
            assertThat(l.prettyPrint()).isTrue();
            assertThat(l.optionName()).isEqualTo("LOGTOJSON");
        });
        assertThat(f.dataProcessingOptions().get(2)).isEqualTo(new ProcessingOption.AddMetadata(
                java.util.Map.of("env", "prod", "n", 1), true));
        assertThat(f.toBuilder().build()).isEqualTo(f);
    }

    @Test
    void parse_lenientQuotesExtraKey_setsTheOptionWithoutWarning() {
        AgentConfig c = AgentConfig.parse("""
                {"flows": [{"filePattern": "/l/a*", "deliveryStream": "s", "dataProcessingOptions": [
                  {"optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG", "logpipe.lenientQuotes": true}]}]}
                """);
        assertThat(c.warnings()).isEmpty();
        assertThat(c.flows().get(0).dataProcessingOptions()).containsExactly(new ProcessingOption.LogToJson(
                ProcessingOption.ApacheLogFormat.COMBINEDAPACHELOG, null, null, false, true));
    }

    @Test
    void parse_unknownAndMisplacedKeys_warnEachByName() {
        AgentConfig c = AgentConfig.parse("""
                {"flows": [{"filePattern": "/l/a*", "deliveryStream": "s", "checkpointFile": "/x",
                            "logFormat": "COMMONAPACHELOG", "maxBufferAgeMilis": 2000, "fooBar": 1,
                            "retryMaxBackoffMillis": 5}],
                 "initialPosition": "START_OF_FILE", "checkpointfile": "/y", "assumeRoleARN": "arn"}
                """);
        assertThat(c.warnings()).containsExactlyInAnyOrder(
                "flows[0].checkpointFile: misplaced; 'checkpointFile' belongs at the top level of agent.json, not in"
                        + " a flow; ignored",
                "flows[0].logFormat: misplaced; 'logFormat' belongs in a dataProcessingOptions entry; ignored",
                "flows[0].maxBufferAgeMilis: unknown key; did you mean 'maxBufferAgeMillis'?; ignored",
                "flows[0].fooBar: unknown key; ignored",
                "flows[0].retryMaxBackoffMillis: Kinesis Agent setting with no effect in logpipe; ignored",
                "initialPosition: misplaced; 'initialPosition' belongs in each flow object (flows[i]), not at the top"
                        + " level; ignored",
                "checkpointfile: unknown key; did you mean 'checkpointFile'?; ignored",
                "assumeRoleARN: Kinesis Agent setting with no effect in logpipe; ignored");
    }

    @Test
    void parse_checkpointInVarRun_warnsThatItIsWipedAtReboot() {
        AgentConfig c = AgentConfig.parse("""
                {"checkpointFile": "/var/run/aws-kinesis-agent/checkpoints",
                 "flows": [{"filePattern": "relative/access_log*", "deliveryStream": "s"}]}
                """);
        assertThat(c.warnings()).hasSize(2);
        assertThat(c.warnings().get(0)).contains("relative").contains("working directory");
        assertThat(c.warnings().get(1)).contains("/var/run/aws-kinesis-agent/checkpoints").contains("reboot");
        assertThat(c.flows().get(0).directory()).isEqualTo(Path.of("relative").toAbsolutePath());
    }

    @Test
    void parse_invalidValues_failNamingTheKey() {
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/a\", \"deliveryStream\": \"s\","
                + " \"maxBufferAgeMillis\": 10}]}"))
                .isInstanceOf(AgentConfigException.class)
                .hasMessage("flows[0].maxBufferAgeMillis must be between 1000 and 900000, was 10");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/a\", \"deliveryStream\": \"s\","
                + " \"maxBufferSizeRecords\": \"many\"}]}"))
                .hasMessageContaining("flows[0].maxBufferSizeRecords must be a whole number");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/a\", \"deliveryStream\": \"s\","
                + " \"initialPosition\": \"MIDDLE\"}]}"))
                .hasMessageContaining("flows[0].initialPosition must be START_OF_FILE or END_OF_FILE, was 'MIDDLE'");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/a\"}]}"))
                .hasMessageContaining("flows[0].deliveryStream is required");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"deliveryStream\": \"s\"}]}"))
                .hasMessageContaining("flows[0].filePattern is required");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/a\", \"kinesisStream\": \"k\"}]}"))
                .hasMessageContaining("flows[0].kinesisStream").hasMessageContaining("not supported");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/*/a\", \"deliveryStream\": \"s\"}]}"))
                .hasMessageContaining("directory part must not contain a wildcard");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": []}")).hasMessageContaining("flows must be a non-empty");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [1]}")).hasMessageContaining("flows[0] must be an object");
        assertThatThrownBy(() -> AgentConfig.parse("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [}")).hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> AgentConfig.parse("{\"flows\": [{\"filePattern\": \"/l/a\", \"deliveryStream\": \"s\","
                + " \"multiLineStartPattern\": \"([\"}]}"))
                .hasMessageContaining("flows[0].multiLineStartPattern is not a valid regular expression");
    }

    @Test
    void parse_processingOptionErrors_failAsTheAgentDoes() {
        String prefix = "{\"flows\": [{\"filePattern\": \"/l/a\", \"deliveryStream\": \"s\", \"dataProcessingOptions\": [";
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"optionName\": \"LOGTOJSON\", \"logFormat\":"
                + " \"COMMONAPACHELOG\", \"matchPattern\": \"(.*)\"}]}]}"))
                .hasMessageContaining("customFieldNames must be specified when matchPattern is specified");
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"optionName\": \"LOGTOJSON\", \"logFormat\":"
                + " \"COMMONAPACHELOG\", \"customFieldNames\": [\"a\"]}]}]}"))
                .hasMessageContaining("Invalid custom field names for the selected log format");
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"optionName\": \"LOGTOJSON\", \"logFormat\": \"SYSLOG\"}]}]}"))
                .hasMessageContaining("flows[0].dataProcessingOptions[0].logFormat 'SYSLOG' is not supported");
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"optionName\": \"LOGTOJSON\"}]}]}"))
                .hasMessageContaining("logFormat is required");
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"optionName\": \"CSVTOJSON\"}]}]}"))
                .hasMessageContaining("'CSVTOJSON' is not supported by logpipe");
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"logFormat\": \"x\"}]}]}"))
                .hasMessageContaining("optionName is required");
        assertThatThrownBy(() -> AgentConfig.parse(prefix + "{\"optionName\": \"LOGTOJSON\", \"logFormat\":"
                + " \"COMMONAPACHELOG\", \"jsonFormat\": \"YAML\"}]}]}"))
                .hasMessageContaining("jsonFormat must be COMPACT or PRETTYPRINT");
        AgentConfig ok = AgentConfig.parse(prefix + "{\"optionName\": \"SINGLELINE\", \"delimiter\": \",\"}]}]}");
        assertThat(ok.warnings()).containsExactly(
                "flows[0].dataProcessingOptions[0].delimiter: not used by SINGLELINE; ignored");
    }

    @Test
    void read_file_parsesAndNamesTheFileInErrors() throws Exception {
        Path f = dir.resolve("agent.json");
        Files.writeString(f, "{\"flows\": [{\"filePattern\": \"/l/a\", \"deliveryStream\": \"s\"}]}");
        assertThat(AgentConfig.read(f).flows()).hasSize(1);
        Files.writeString(f, "{\"flows\": 3}");
        assertThatThrownBy(() -> AgentConfig.read(f)).hasMessageStartingWith(f + ": flows must be");
        assertThatThrownBy(() -> AgentConfig.read(dir.resolve("missing.json"))).hasMessageContaining("does not exist");
    }

    @Test
    void with_overrides_changeOnlyThatSetting() {
        AgentConfig c = AgentConfig.of(List.of(FlowConfig.builder("/l/a*", "s").build()));
        assertThat(c.withFirehoseEndpoint("http://127.0.0.1:4573").firehoseEndpoint()).isEqualTo("http://127.0.0.1:4573");
        assertThat(c.withCheckpointFile(Path.of("/d/cp")).checkpointFile()).isEqualTo(Path.of("/d/cp"));
        assertThat(c.withFlows(List.of(FlowConfig.builder("/m/b*", "t").build())).flows().get(0).deliveryStream())
                .isEqualTo("t");
        assertThatThrownBy(() -> c.withFlows(List.of(FlowConfig.builder("/l/a*", "s").build(),
                FlowConfig.builder("/l/a*", "s").build()))).hasMessageContaining("same");
    }

    @Test
    void flowConfig_outOfRange_failsNamingTheSetting() {
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").maxBufferSizeRecords(501).build())
                .hasMessage("maxBufferSizeRecords must be between 1 and 500, was 501");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").maxBufferSizeBytes(0).build())
                .hasMessageContaining("maxBufferSizeBytes");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").aggregatedRecordSizeBytes(-1).build())
                .hasMessageContaining("aggregatedRecordSizeBytes");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").maxRecordSizeBytes(10).build())
                .hasMessageContaining("maxRecordSizeBytes");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").skipHeaderLines(-1).build())
                .hasMessageContaining("skipHeaderLines");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", " ").build()).hasMessageContaining("deliveryStream");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").maxBufferAge(Duration.ZERO).build())
                .hasMessageContaining("maxBufferAge");
        assertThatThrownBy(() -> FlowConfig.builder("/l/a", "s").minTimeBetweenFilePolls(Duration.ZERO).build())
                .hasMessageContaining("minTimeBetweenFilePolls");
        assertThatThrownBy(() -> FlowConfig.builder("/", "s")).hasMessageContaining("no file name");
    }
}
