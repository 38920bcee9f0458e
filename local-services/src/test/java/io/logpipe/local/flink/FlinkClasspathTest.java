package io.logpipe.local.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's class path: listed by the build relative to the local repository, found at run time. */
final class FlinkClasspathTest {

    @TempDir
    Path dir;

    @Test
    void builtList_namesNoPathOfTheBuildMachine() throws Exception {
        for (String name : List.of("flink-classpath.txt", "flink-classpath-shared.txt")) {
            String text;
            try (InputStream in = LocalFlinkCluster.class.getResourceAsStream(name)) {
                assertThat(in).as(name).isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            assertThat(text.split(File.pathSeparator)).as(name).isNotEmpty()
                    .allSatisfy(e -> assertThat(e).startsWith(LocalFlinkCluster.REPOSITORY_TOKEN + "/"));
        }
    }

    @Test
    void defaultClasspath_foundInThisMachinesRepository() {
        List<Path> jars = LocalFlinkCluster.defaultClasspath();

        assertThat(jars).allSatisfy(p -> assertThat(p).isRegularFile())
                .anyMatch(p -> p.getFileName().toString().equals("flink-runtime-" + LocalFlinkCluster.VERSION + ".jar"))
                .anyMatch(p -> p.getFileName().toString().startsWith("slf4j-api-"));
    }

    @Test
    void classpath_entriesResolveAgainstTheGivenRepository() throws Exception {
        Path repo = dir.resolve("repo");
        Path jar = Files.createDirectories(repo.resolve("org/example/x/1.0")).resolve("x-1.0.jar");
        Files.write(jar, new byte[] {1});
        String text = LocalFlinkCluster.REPOSITORY_TOKEN + "/org/example/x/1.0/x-1.0.jar" + File.pathSeparator;

        assertThat(LocalFlinkCluster.classpath(text, LocalFlinkCluster.REPOSITORY_TOKEN, repo)).containsExactly(jar);
    }

    @Test
    void classpath_jarMissing_saysWhereItLookedAndWhichCommandFetchesIt() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("empty-repo"));
        String text = LocalFlinkCluster.REPOSITORY_TOKEN + "/org/apache/flink/flink-runtime/1.20.3/flink-runtime-1.20.3.jar";

        assertThatIllegalStateException()
                .isThrownBy(() -> LocalFlinkCluster.classpath(text, LocalFlinkCluster.REPOSITORY_TOKEN, repo))
                .withMessageContaining("1 of Flink " + LocalFlinkCluster.VERSION + "'s 1 jars not in the local Maven "
                        + "repository " + repo)
                .withMessageContaining(repo.resolve("org/apache/flink/flink-runtime/1.20.3/flink-runtime-1.20.3.jar").toString())
                .withMessageContaining(LocalFlinkCluster.FETCH_COMMAND)
                .withMessageContaining(LocalFlinkCluster.CLASSPATH_ENV);
    }

    @Test
    void classpath_configuredJarMissing_namesTheSetting() {
        assertThatIllegalStateException()
                .isThrownBy(() -> LocalFlinkCluster.classpath(dir.resolve("none.jar").toString(), null, dir))
                .withMessageContaining("named by " + LocalFlinkCluster.CLASSPATH_PROPERTY)
                .withMessageContaining(dir.resolve("none.jar").toString());
    }
}
