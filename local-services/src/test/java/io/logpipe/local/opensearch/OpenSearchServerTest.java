package io.logpipe.local.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's checks that need no running server. */
final class OpenSearchServerTest {

    @Test
    void builder_invalidValues_throwWithTheFieldName() {
        assertThatThrownBy(() -> OpenSearchServer.builder().heap("lots")).hasMessageContaining("heap");
        assertThatThrownBy(() -> OpenSearchServer.builder().httpPort(70000)).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> OpenSearchServer.builder().setting("a b", "c")).hasMessageContaining("setting");
    }

    @Test
    void url_beforeStart_throws() {
        OpenSearchServer server = OpenSearchServer.builder().build();
        assertThat(server.isRunning()).isFalse();
        assertThat(server.httpPort()).isZero();
        assertThat(server.logFile()).isNull();
        assertThatThrownBy(server::url).hasMessageContaining("not been started");
        assertThat(server.toString()).contains("not started");
        server.close();
        assertThatThrownBy(server::start).hasMessageContaining("closed");
    }

    @Test
    void distribution_missingLocation_throws(@TempDir Path dir) {
        assertThatThrownBy(() -> OpenSearchDistribution.at(dir.resolve("nothing"))).hasMessageContaining("no OpenSearch");
        assertThat(OpenSearchDistribution.locate().location()).exists();
    }

    @Test
    void start_brokenDistribution_failsWithTheLogTail(@TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("bin"));
        java.nio.file.Files.writeString(dir.resolve("bin/opensearch"), "#!/bin/sh\necho broken on purpose\nexit 3\n");
        try (OpenSearchServer server = OpenSearchServer.builder().distribution(OpenSearchDistribution.at(dir)).build()) {
            assertThatThrownBy(server::start).hasMessageContaining("exited with code 3").hasMessageContaining("broken on purpose");
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void start_asRootWithDataUnderAPrivateDirectory_failsWithAClearMessage(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenSearchServer.runningAsRoot(), "only root hands the server to nobody");
        Path privateDir = java.nio.file.Files.createDirectories(dir.resolve("private"));
        java.nio.file.Files.setPosixFilePermissions(privateDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (OpenSearchServer server = OpenSearchServer.builder().dataDirectory(privateDir.resolve("data")).build()) {
            assertThatThrownBy(server::start).hasMessageContaining("cannot enter").hasMessageContaining(privateDir.toString());
        }
    }
}
