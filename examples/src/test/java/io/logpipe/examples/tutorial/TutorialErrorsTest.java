package io.logpipe.examples.tutorial;

import static io.logpipe.examples.tutorial.TutorialTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user can fix gets one clear line and exit 2, before anything is started. */
final class TutorialErrorsTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void tutorial_firehosePortInUse_namesThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            TutorialTesting.Run r = run("tutorial", "--dir", dir.toString(), "--firehose-port", Integer.toString(port),
                    "--opensearch-port", "0", "--no-dashboard");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("port " + port + " (the local Firehose) is in use")
                    .contains("--firehose-port");
            assertThat(r.err().lines().filter(l -> l.startsWith("logpipe tutorial:")).count()).isEqualTo(1);
        }
    }

    @Test
    void tutorial_opensearchPortInUse_namesThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            TutorialTesting.Run r = run("tutorial", "--dir", dir.toString(), "--firehose-port", "0",
                    "--opensearch-port", Integer.toString(port), "--no-dashboard");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("port " + port + " (OpenSearch) is in use").contains("--opensearch-port");
        }
    }

    @Test
    void tutorial_dashboardPortInUse_namesThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            TutorialTesting.Run r = run("tutorial", "--dir", dir.toString(), "--firehose-port", "0",
                    "--opensearch-port", "0", "--dashboard-port", Integer.toString(port));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("port " + port + " (the dashboard) is in use").contains("--dashboard-port")
                    .contains("--no-dashboard");
        }
    }

    @Test
    void tutorial_dirIsAFile_saysItCannotBeWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        TutorialTesting.Run r = run("tutorial", "--dir", file.toString(), "--firehose-port", "0", "--no-dashboard");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--dir " + file + " cannot be written").contains("choose a directory you can write");
    }

    @Test
    void tutorial_opensearchDoesNotAnswer_saysHowToFixIt() throws Exception {
        String url = "http://127.0.0.1:" + freePort();
        TutorialTesting.Run r = run("tutorial", "--dir", dir.toString(), "--firehose-port", "0", "--opensearch", url,
                "--no-dashboard");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("the OpenSearch at " + url + " does not answer")
                .contains("drop --opensearch to let the tutorial start one");
    }

    @Test
    void tutorial_noJavaForOpenSearch_saysWhichJavaItNeeds() throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk-25/bin"));
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Files.writeString(jdk.resolve("java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(jdk.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        TutorialTesting.Run r = run("tutorial", "--dir", dir.resolve("t").toString(), "--firehose-port", "0",
                "--opensearch-port", "0", "--opensearch-java-home", jdk.getParent().toString(), "--no-dashboard");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("needs Java 11 to 23").contains("use a JDK 17 or 21");
    }

    @Test
    void tutorial_badOptions_areUsageErrors() {
        TutorialTesting.Run window = run("tutorial", "--dir", dir.toString(), "--window", "1500ms");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.err()).contains("--window must be a positive whole number of seconds");
        TutorialTesting.Run rate = run("tutorial", "--dir", dir.toString(), "--rate", "0");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--rate must be a positive number");
        TutorialTesting.Run buffer = run("tutorial", "--dir", dir.toString(), "--buffer-seconds", "901");
        assertThat(buffer.exitCode()).isEqualTo(2);
        assertThat(buffer.err()).contains("--buffer-seconds must be 0 to 900");
    }
}
