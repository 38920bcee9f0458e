package io.logpipe.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.s3.S3ProxyServer;
import io.logpipe.local.s3.junit.S3ProxyExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The stack against stand-ins: the local Firehose for both streams, a real S3 API server (s3proxy) behind
 * {@link S3Front}, and {@link FakeControlPlane} for IAM, STS, OpenSearch Service, Managed Flink, Logs and
 * the tagging API.
 */
final class StackTest {

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.create();

    private static S3Front front;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FakeControlPlane aws;
    private LocalFirehose firehose;
    private final RecordingOpenSearchFactory openSearch = new RecordingOpenSearchFactory();
    private AwsClients clients;
    private Path jar;

    @BeforeAll
    static void startFront() throws IOException {
        front = new S3Front(S3.server().endpoint());
    }

    @org.junit.jupiter.api.AfterAll
    static void stopFront() {
        front.close();
    }

    @BeforeEach
    void start() throws IOException {
        aws = new FakeControlPlane();
        firehose = LocalFirehose.builder().port(0).directory(dir.resolve("firehose"))
                .destinationFactory(openSearch).build().start();
        S3ProxyServer s3 = S3.server();
        clients = AwsClients.builder().region(Region.US_EAST_1)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .endpoint("s3", front.endpoint())
                .endpoint("firehose", firehose.endpoint())
                .endpoint("iam=" + aws.endpoint())
                .endpoint("sts", aws.endpoint())
                .endpoint("opensearch", aws.endpoint())
                .endpoint("kinesisanalyticsv2", aws.endpoint())
                .endpoint("logs", aws.endpoint())
                .endpoint("tagging", aws.endpoint())
                .endpoint("domain", aws.endpoint())
                .build();
        jar = Files.write(dir.resolve("analytics-flink-job.jar"), new byte[4096]);
    }

    @AfterEach
    void stop() {
        clients.close();
        firehose.close();
        aws.close();
    }

    private StackConfig config(String stack) {
        return StackConfig.builder().stackName(stack).jobJar(jar).stateFile(dir.resolve("state-" + stack + ".json"))
                .pollInterval(Duration.ofMillis(5)).build();
    }

    private static List<String> mutating(List<String> calls) {
        return calls.stream().filter(c -> !c.matches(".*:(Get|Describe|List|Head).*") && !c.startsWith("es-http:"))
                .collect(Collectors.toList());
    }

    @Test
    void plan_emptyAccount_listsEveryResourceWithCostAndMakesOnlyReadCalls() {
        Plan plan = Stack.of(config("plan-stack"), clients).plan();

        assertThat(plan.items()).extracting(i -> i.resource().kind()).containsExactly(ResourceKind.BUCKET,
                ResourceKind.JOB_CODE, ResourceKind.ROLE, ResourceKind.ROLE, ResourceKind.ROLE, ResourceKind.LOG_GROUP,
                ResourceKind.DOMAIN, ResourceKind.DELIVERY_STREAM, ResourceKind.DELIVERY_STREAM, ResourceKind.APPLICATION);
        assertThat(plan.items()).allMatch(i -> i.action() == Plan.Action.CREATE);
        assertThat(plan.items().get(0).resource().name()).isEqualTo("plan-stack-000000000000-us-east-1");
        assertThat(plan.items().get(2).resource().arn())
                .isEqualTo("arn:aws:iam::000000000000:role/logpipe/plan-stack/plan-stack-firehose-s3");
        // the domain (t3.small 0.036 + 10 GiB gp3) and the Flink app (2 KPU) dominate
        assertThat(plan.items().get(6).hourlyUsd()).isCloseTo(0.036 + 10 * 0.122 / 730, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(plan.items().get(9).hourlyUsd()).isCloseTo(0.22 + 50 * 0.10 / 730, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(plan.hourlyUsd()).isBetween(0.26, 0.30);
        String text = plan.render();
        assertThat(text).contains("create  OpenSearch Service domain", "plan-stack", "total (estimate)",
                "logpipe aws down --stack plan-stack --region us-east-1", PriceTable.RECORDED);
        assertThat(plan.warnings()).isEmpty();
        assertThat(mutating(aws.calls())).isEmpty();
        assertThat(aws.calls()).contains("sts:GetCallerIdentity", "iam:GetRole", "es:DescribeDomain",
                "kinesisanalytics:DescribeApplication", "logs:DescribeLogGroups");
    }

    @Test
    void up_twice_createsEverythingOnceThenNothingNew() throws IOException {
        Stack stack = Stack.of(config("twice"), clients);
        List<Progress.Event> events = new ArrayList<>();

        List<Resource> first = stack.up(events::add);

        assertThat(first).hasSize(10);
        assertThat(events).filteredOn(e -> e.phase() == Progress.Phase.CREATED).hasSize(10);
        assertThat(events).anyMatch(e -> e.phase() == Progress.Phase.WAITING && e.resource().kind() == ResourceKind.DOMAIN
                && e.detail().contains("10-20 minutes"));
        assertThat(aws.count("iam:CreateRole")).isEqualTo(3);
        assertThat(aws.count("iam:PutRolePolicy")).isEqualTo(3);
        assertThat(aws.count("es:CreateDomain")).isEqualTo(1);
        assertThat(aws.count("logs:CreateLogGroup")).isEqualTo(1);
        assertThat(aws.count("kinesisanalytics:CreateApplication")).isEqualTo(1);
        assertThat(aws.count("kinesisanalytics:StartApplication")).isEqualTo(1);
        assertThat(firehose.stats().toString()).isNotEmpty();
        // what was created, as the services hold it
        String bucket = "twice-000000000000-us-east-1";
        assertThat(front.config.get(bucket)).containsKeys("tagging", "publicAccessBlock", "encryption");
        assertThat(front.config.get(bucket).get("tagging")).contains("<Key>logpipe:stack</Key><Value>twice</Value>");
        assertThat(front.config.get(bucket).get("publicAccessBlock")).contains("<BlockPublicAcls>true</BlockPublicAcls>",
                "<RestrictPublicBuckets>true</RestrictPublicBuckets>");
        assertThat(front.config.get(bucket).get("encryption")).contains("AES256");
        FakeControlPlane.Role osRole = aws.roles.get("twice-firehose-opensearch");
        assertThat(osRole.path()).isEqualTo("/logpipe/twice/");
        assertThat(osRole.tags()).containsEntry("logpipe:stack", "twice");
        String osPolicy = osRole.policies().get("logpipe-least-privilege");
        assertThat(osPolicy).contains("es:ESHttpPost", "arn:aws:es:us-east-1:000000000000:domain/twice")
                .doesNotContain("es:*", "\"*\"");
        JsonNode domain = aws.domains.get("twice").request;
        assertThat(domain.path("ClusterConfig").path("InstanceType").asText()).isEqualTo("t3.small.search");
        assertThat(domain.path("EBSOptions").path("VolumeType").asText()).isEqualTo("gp3");
        assertThat(domain.path("EBSOptions").path("VolumeSize").asInt()).isEqualTo(10);
        assertThat(domain.path("DomainEndpointOptions").path("EnforceHTTPS").asBoolean()).isTrue();
        assertThat(domain.path("EncryptionAtRestOptions").path("Enabled").asBoolean()).isTrue();
        assertThat(domain.path("NodeToNodeEncryptionOptions").path("Enabled").asBoolean()).isTrue();
        JsonNode access = JSON.readTree(domain.path("AccessPolicies").asText());
        assertThat(access.path("Statement").path(0).path("Principal").path("AWS").toString())
                .contains("role/logpipe/twice/twice-firehose-opensearch", FakeControlPlane.CALLER);
        JsonNode os = openSearch.configurations.get("web-log-aggregated-data");
        assertThat(os.path("IndexName").asText()).isEqualTo("request_data");
        assertThat(os.path("IndexRotationPeriod").asText()).isEqualTo("NoRotation");
        assertThat(os.path("RetryOptions").path("DurationInSeconds").asInt()).isEqualTo(300);
        assertThat(os.path("S3BackupMode").asText()).isEqualTo("FailedDocumentsOnly");
        JsonNode app = aws.apps.get("web-log-aggregation").request;
        assertThat(app.path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
        assertThat(app.toString()).contains("s3://twice-000000000000-us-east-1/raw/", "web-log-aggregated-data",
                "code/analytics-flink-job.jar", "log-stream:application");
        assertThat(StackState.load(dir.resolve("state-twice.json"), "twice", "us-east-1").entries()).hasSize(10);
        assertThat(Files.readString(dir.resolve("state-twice.json"))).doesNotContain(clients.credentials()
                .resolveCredentials().secretAccessKey());

        int before = aws.calls().size();
        List<Progress.Event> again = new ArrayList<>();
        stack.up(again::add);

        assertThat(again).filteredOn(e -> e.phase() == Progress.Phase.CREATED).isEmpty();
        assertThat(again).filteredOn(e -> e.phase() == Progress.Phase.EXISTS).hasSize(10);
        assertThat(mutating(aws.calls().subList(before, aws.calls().size())))
                .allMatch(c -> c.equals("logs:PutRetentionPolicy"));   // the only write, idempotent
        assertThat(aws.count("iam:CreateRole")).isEqualTo(3);
    }

    @Test
    void up_interruptedAfterEachStep_reRunCompletesWithoutDuplicates() {
        StackConfig config = config("resume");
        Path stateFile = dir.resolve("state-resume.json");
        for (int run = 1; run <= 9; run++) {
            Progress interrupt = e -> {
                if (e.phase() == Progress.Phase.CREATED) {
                    throw new IllegalStateException("interrupted after " + e.resource().name());
                }
            };
            assertThatThrownBy(() -> Stack.of(config, clients).up(interrupt)).hasMessageStartingWith("interrupted");
            assertThat(StackState.load(stateFile, "resume", "us-east-1").entries()).hasSize(run);
        }
        // each run resumed where the previous stopped: one more resource each time, never a duplicate
        Stack.of(config, clients).up(Progress.NONE);
        assertThat(aws.count("iam:CreateRole")).isEqualTo(3);
        assertThat(aws.count("es:CreateDomain")).isEqualTo(1);
        assertThat(aws.count("kinesisanalytics:CreateApplication")).isEqualTo(1);
        assertThat(aws.count("logs:CreateLogGroup")).isEqualTo(1);
        assertThat(aws.apps.get("web-log-aggregation").status).isEqualTo("RUNNING");
        assertThat(Stack.of(config, clients).status().items()).allMatch(StackStatus.Item::exists);
    }

    @Test
    void down_afterUp_deletesExactlyWhatUpCreatedAndReportsPlantedLeftover() {
        StackConfig config = config("downs");
        Stack stack = Stack.of(config, clients);
        List<Resource> created = stack.up(Progress.NONE);
        String planted = "arn:aws:sqs:us-east-1:000000000000:someone-elses-queue";
        aws.planted.put(planted, Map.of("logpipe:stack", "downs"));

        StackStatus status = stack.status();
        assertThat(status.documents()).isEqualTo(42);
        assertThat(aws.lastCountAuthorization).contains("/us-east-1/es/aws4_request");
        assertThat(status.render()).contains("documents in the index: 42", "RUNNING", "ACTIVE");

        List<Progress.Event> events = new ArrayList<>();
        DownReport report = stack.down(events::add);

        assertThat(report.deleted()).containsExactlyInAnyOrderElementsOf(created);
        assertThat(report.deleted()).extracting(Resource::kind).containsExactly(ResourceKind.APPLICATION,
                ResourceKind.LOG_GROUP, ResourceKind.DELIVERY_STREAM, ResourceKind.DELIVERY_STREAM, ResourceKind.DOMAIN,
                ResourceKind.JOB_CODE, ResourceKind.BUCKET, ResourceKind.ROLE, ResourceKind.ROLE, ResourceKind.ROLE);
        assertThat(report.leftovers()).containsExactly(planted);
        assertThat(report.clean()).isFalse();
        assertThat(report.render()).contains("Tag scan: 1 resources tagged logpipe:stack=downs", planted);
        assertThat(events).anyMatch(e -> e.phase() == Progress.Phase.LEFTOVER);
        assertThat(aws.roles).isEmpty();
        assertThat(aws.domains).isEmpty();
        assertThat(aws.apps).isEmpty();
        assertThat(aws.logGroups).isEmpty();
        assertThat(aws.calls()).contains("kinesisanalytics:StopApplication", "iam:DeleteRolePolicy");
        assertThat(firehose.stats().toString()).isNotEmpty();
        assertThat(Files.exists(dir.resolve("state-downs.json"))).isFalse();
        assertThat(clients.s3().listBuckets().buckets()).noneMatch(b -> b.name().startsWith("downs-"));

        DownReport again = stack.down(Progress.NONE);
        assertThat(again.existed()).isTrue();     // the planted leftover is still tagged
        aws.planted.clear();
        DownReport none = stack.down(Progress.NONE);
        assertThat(none.existed()).isFalse();
        assertThat(none.render()).contains("Stack downs does not exist in us-east-1", "nothing to delete");
    }

    @Test
    void down_untaggedResourcesWithTheStacksNames_areNeverTouched() {
        StackConfig config = config("foreign");
        // someone else's bucket and role with exactly the names the stack would use, untagged
        clients.s3().createBucket(b -> b.bucket("foreign-000000000000-us-east-1"));
        clients.iam().createRole(r -> r.roleName("foreign-analytics").path("/logpipe/foreign/")
                .assumeRolePolicyDocument("{}"));
        Stack stack = Stack.of(config, clients);

        Plan plan = stack.plan();
        assertThat(plan.items()).filteredOn(i -> i.action() == Plan.Action.TAKEN).extracting(i -> i.resource().name())
                .containsExactly("foreign-000000000000-us-east-1", "foreign-analytics");
        assertThat(plan.render()).contains("warning: S3 bucket 'foreign-000000000000-us-east-1' already exists and is not"
                + " tagged logpipe:stack=foreign");
        assertThatThrownBy(() -> stack.up(Progress.NONE)).isInstanceOf(NameTakenException.class)
                .hasMessageContaining("S3 bucket 'foreign-000000000000-us-east-1' already exists and is not tagged"
                        + " logpipe:stack=foreign")
                .hasMessageContaining("choose another stack name (--stack NAME)");

        DownReport report = stack.down(Progress.NONE);

        assertThat(report.deleted()).isEmpty();
        assertThat(report.skipped()).extracting(Resource::name).containsExactly("foreign-000000000000-us-east-1",
                "foreign-analytics");
        assertThat(report.render()).contains("left alone: IAM role foreign-analytics exists without the tag");
        assertThat(aws.calls()).noneMatch(c -> c.startsWith("iam:Delete"));
        assertThat(aws.roles).containsKey("foreign-analytics");
        assertThat(clients.s3().listBuckets().buckets()).anyMatch(b -> b.name().equals("foreign-000000000000-us-east-1"));
        clients.s3().deleteBucket(b -> b.bucket("foreign-000000000000-us-east-1"));
    }

    @Test
    void up_accessDenied_namesTheMissingIamAction() {
        aws.denied.add("iam:CreateRole");

        assertThatThrownBy(() -> Stack.of(config("denied"), clients).up(Progress.NONE))
                .isInstanceOf(AwsDeployException.class)
                .hasMessageContaining("Access denied: iam:CreateRole on arn:aws:iam::000000000000:role/logpipe/denied/"
                        + "denied-firehose-s3")
                .hasMessageContaining("Grant " + FakeControlPlane.CALLER + " the IAM action 'iam:CreateRole'")
                .extracting(e -> ((AwsDeployException) e).errorCode()).isEqualTo("AccessDenied");
        Stack.of(config("denied"), clients).down(Progress.NONE);
    }

    @Test
    void plan_withoutCredentials_saysHowToConfigureThem() {
        try (AwsClients none = AwsClients.builder().region(Region.US_EAST_1)
                .credentials(() -> {
                    throw software.amazon.awssdk.core.exception.SdkClientException.create(
                            "Unable to load credentials from any of the providers in the chain");
                })
                .endpoint("sts", aws.endpoint()).build()) {
            assertThatThrownBy(() -> Stack.of(config("nocreds"), none).plan())
                    .isInstanceOf(AwsDeployException.class)
                    .hasMessageContaining("No AWS credentials found")
                    .hasMessageContaining("aws configure")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
        }
    }

    @Test
    void plan_regionWithoutManagedFlink_saysToChooseAnother() {
        try (AwsClients other = AwsClients.builder().region(Region.of("xx-nowhere-1"))
                .credentials(clients.credentials()).endpoint("sts", aws.endpoint()).build()) {
            assertThatThrownBy(() -> Stack.of(config("region"), other).plan())
                    .isInstanceOf(AwsDeployException.class)
                    .hasMessageContaining("is not available in region xx-nowhere-1")
                    .hasMessageContaining("--region");
        }
    }

    @Test
    void up_withoutJobJar_saysHowToBuildIt() {
        StackConfig noJar = StackConfig.builder().stackName("nojar").stateFile(dir.resolve("nojar.json"))
                .pollInterval(Duration.ofMillis(5)).build();
        Stack stack = Stack.of(noJar, clients);
        assertThat(stack.plan().warnings()).anyMatch(w -> w.contains("--job-jar"));
        assertThatThrownBy(() -> stack.up(Progress.NONE)).isInstanceOf(AwsDeployException.class)
                .hasMessageContaining("./mvnw -B -pl analytics-flink -am -Pquick -DskipTests package")
                .hasMessageContaining("--job-jar");
        stack.down(Progress.NONE);
    }
}
