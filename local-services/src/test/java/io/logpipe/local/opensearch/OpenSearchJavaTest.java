package io.logpipe.local.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Java OpenSearch runs on: it needs 11 to 23, so a JVM of 24 or newer looks beside itself. */
final class OpenSearchJavaTest {

    @TempDir
    Path jvms;

    private Path jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(jvms.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void javaFeature_releaseFile_readsTheFeatureVersion() throws Exception {
        assertThat(OpenSearchServer.javaFeature(jdk("a", "17.0.15"))).isEqualTo(17);
        assertThat(OpenSearchServer.javaFeature(jdk("b", "1.8.0_402"))).isEqualTo(8);
        assertThat(OpenSearchServer.javaFeature(jdk("c", "25"))).isEqualTo(25);
        assertThat(OpenSearchServer.javaFeature(jvms.resolve("missing"))).isEqualTo(-1);
    }

    @Test
    void findJava_currentRunsOpenSearch_isTheCurrent() throws Exception {
        Path current = jdk("jdk-17", "17.0.15");
        jdk("jdk-21", "21.0.2");
        assertThat(OpenSearchServer.findJava(null, current)).isEqualTo(current);
    }

    @Test
    void findJava_currentTooNew_takesTheNewestCompatibleBesideIt() throws Exception {
        Path current = jdk("temurin-25", "25.0.1");
        jdk("jdk-17", "17.0.15");
        Path jdk21 = jdk("jdk-21", "21.0.2");
        jdk("jdk-8", "1.8.0_402");
        assertThat(OpenSearchServer.findJava(null, current)).isEqualTo(jdk21);
    }

    @Test
    void findJava_noCompatibleJava_failsNamingTheRangeAndTheFix() throws Exception {
        Path current = jdk("temurin-25", "25.0.1");
        assertThatThrownBy(() -> OpenSearchServer.findJava(null, current))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs Java 11 to 23")
                .hasMessageContaining("this JVM is Java 25 at " + current)
                .hasMessageContaining("install JDK 17 or 21, or set OPENSEARCH_JAVA_HOME");
    }

    @Test
    void findJava_environmentNamesAnIncompatibleJava_failsNamingTheVariable() throws Exception {
        Path current = jdk("jdk-17", "17.0.15");
        Path bad = jdk("temurin-25", "25.0.1");
        assertThatThrownBy(() -> OpenSearchServer.findJava(bad.toString(), current))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OPENSEARCH_JAVA_HOME=" + bad)
                .hasMessageContaining("Java 25");
        assertThat(OpenSearchServer.findJava(current.toString(), bad)).isEqualTo(current);
    }

    @Test
    void javaHome_incompatible_isRefusedAtOnce() throws Exception {
        Path bad = jdk("temurin-25", "25.0.1");
        assertThatThrownBy(() -> OpenSearchServer.builder().javaHome(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs Java 11 to 23")
                .hasMessageContaining(bad + " is Java 25");
    }
}
