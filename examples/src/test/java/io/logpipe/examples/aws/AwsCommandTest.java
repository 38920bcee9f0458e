package io.logpipe.examples.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.aws.FakeControlPlane;
import io.logpipe.aws.RecordingOpenSearchFactory;
import io.logpipe.aws.S3Front;
import io.logpipe.examples.Logpipe;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.s3.S3ProxyServer;
import io.logpipe.local.s3.junit.S3ProxyExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code logpipe aws plan|up|status|down} against the stand-ins (see aws-deploy's tests). */
final class AwsCommandTest {

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.create();

    @TempDir
    Path dir;

    private FakeControlPlane aws;
    private S3Front front;
    private LocalFirehose firehose;
    private String savedKey;
    private String savedSecret;

    @BeforeEach
    void start() throws Exception {
        S3ProxyServer s3 = S3.server();
        savedKey = System.setProperty("aws.accessKeyId", s3.accessKey());
        savedSecret = System.setProperty("aws.secretAccessKey", s3.secretKey());
        aws = new FakeControlPlane();
        front = new S3Front(s3.endpoint());
        firehose = LocalFirehose.builder().port(0).directory(dir.resolve("firehose"))
                .destinationFactory(new RecordingOpenSearchFactory()).build().start();
    }

    @AfterEach
    void stop() {
        firehose.close();
        front.close();
        aws.close();
        restore("aws.accessKeyId", savedKey);
        restore("aws.secretAccessKey", savedSecret);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private record Run(int exit, String out, String err) { }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--stack", "cli-stack", "--region", "us-east-1", "--poll", "10ms",
                "--state", dir.resolve("state.json").toString(),
                "--endpoint", "s3=" + front.endpoint(), "--endpoint", "firehose=" + firehose.endpoint()));
        for (String s : List.of("iam", "sts", "opensearch", "kinesisanalyticsv2", "logs", "tagging", "domain")) {
            all.addAll(List.of("--endpoint", s + "=" + aws.endpoint()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void planUpStatusDown_fullCycle_printsCostsAgentJsonAndLeavesNothing() throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), new byte[1000]);

        Run plan = run("aws", "plan");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("create  OpenSearch Service domain", "cli-stack", "total (estimate)",
                "logpipe aws down --stack cli-stack --region us-east-1");

        Run refused = run("aws", "up", "--job-jar", jar.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("pass --yes");
        assertThat(aws.calls()).noneMatch(c -> c.contains("Create"));

        Run up = run("aws", "up", "--yes", "--job-jar", jar.toString());
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.err()).contains("created   IAM role cli-stack-analytics", "waiting   OpenSearch Service domain");
        assertThat(up.out()).contains("\"deliveryStream\": \"web-log-ingestion-stream\"", "cloudwatch.emitMetrics",
                "logpipe aws down --stack cli-stack");

        Run status = run("aws", "status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("RUNNING", "ACTIVE", "documents in the index: 42", "estimated cost so far");

        Run down = run("aws", "down", "--yes");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).contains("Deleted 10 resources", "nothing tagged logpipe:stack=cli-stack is left");

        Run again = run("aws", "down", "--yes");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Stack cli-stack does not exist in us-east-1");
    }

    @Test
    void plan_badEndpointOverride_isAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("aws", "plan", "--region", "us-east-1", "--endpoint", "nosuch=http://127.0.0.1:1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown service 'nosuch'", "firehose");
    }
}
