package io.logpipe.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The life every single-process local server shares: start once, stop on a failed start, close for good. */
final class ServerProcessTest {

    private static ProcessBuilder sleeper(Path dir) {
        return new ProcessBuilder("sh", "-c", "sleep 60").directory(dir.toFile());
    }

    @Test
    void start_running_doesNotStartAgain_stopKeepsTheWorkDir_closeDeletesIt() throws Exception {
        ServerProcess p = new ServerProcess("demo", "logpipe-demo-");
        AtomicInteger starts = new AtomicInteger();
        ServerProcess.Starter starter = () -> {
            starts.incrementAndGet();
            Path w = p.workDir();
            p.launch(sleeper(w), w.resolve("console.log"), Duration.ofSeconds(5));
        };
        try {
            assertThat(p.start(starter)).isTrue();
            assertThat(p.start(starter)).isFalse();
            assertThat(starts).hasValue(1);
            assertThat(p.isRunning()).isTrue();
            assertThat(p.child().isAlive()).isTrue();
            assertThat(p.describe("DemoServer", 4711)).isEqualTo("DemoServer[http://127.0.0.1:4711, running=true]");

            Path w = p.existingWorkDir();
            assertThat(w).isNotNull().isDirectory();
            p.stop();
            assertThat(p.isRunning()).isFalse();
            assertThat(w).isDirectory();
            assertThat(p.start(starter)).isTrue();
            assertThat(p.workDir()).isEqualTo(w);

            p.close();
            assertThat(p.isRunning()).isFalse();
            assertThat(w).doesNotExist();
            assertThat(p.existingWorkDir()).isNull();
            assertThatIllegalStateException().isThrownBy(() -> p.start(starter)).withMessage("the server is closed");
            assertThat(starts).hasValue(2);
        } finally {
            p.close();
        }
    }

    @Test
    void start_starterFailsAfterLaunch_stopsTheProcessAndNamesTheServer() throws Exception {
        ServerProcess p = new ServerProcess("demo", "logpipe-demo-");
        Child[] launched = new Child[1];
        try {
            assertThatThrownBy(() -> p.start(() -> {
                Path w = p.workDir();
                launched[0] = p.launch(sleeper(w), w.resolve("console.log"), Duration.ofSeconds(5));
                throw new IOException("no config");
            })).isInstanceOf(LogpipeException.class).hasMessage("could not start demo: no config")
                    .hasCauseInstanceOf(IOException.class);
            assertThat(launched[0].isAlive()).isFalse();
            assertThat(p.isRunning()).isFalse();

            IllegalStateException boom = new IllegalStateException("boom");
            assertThatThrownBy(() -> p.start(() -> {
                throw boom;
            })).isSameAs(boom);
            assertThatIllegalStateException().isThrownBy(p::child).withMessage("demo has not been launched");
        } finally {
            p.close();
        }
    }

    @Test
    void loopbackAndDescribe_beforeStart_sayNotStarted() {
        assertThatIllegalStateException().isThrownBy(() -> ServerProcess.loopback(0))
                .withMessage("the server has not been started");
        assertThat(ServerProcess.loopback(9200)).hasToString("http://127.0.0.1:9200");
        assertThat(new ServerProcess("demo", "logpipe-demo-").describe("DemoServer", 0))
                .isEqualTo("DemoServer[not started, running=false]");
    }

    @Test
    void builderChecks_outOfRange_nameTheSettingAndTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerProcess.requirePositive(Duration.ZERO, "startTimeout"))
                .withMessage("startTimeout must be positive, got PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerProcess.requirePort(65536, "httpPort"))
                .withMessage("httpPort must be 0 to 65535, got 65536");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerProcess.requirePort(-1, "port"))
                .withMessage("port must be 0 to 65535, got -1");
        assertThat(ServerProcess.requirePort(0, "port")).isZero();
        assertThat(ServerProcess.requirePositive(Duration.ofSeconds(1), "t")).isEqualTo(Duration.ofSeconds(1));
    }
}
