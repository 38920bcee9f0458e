package io.logpipe.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process helper every launcher uses: log, tail, SIGTERM then SIGKILL, shutdown hook. */
final class LocalProcessesTest {

    @TempDir
    Path dir;

    private static ProcessBuilder sh(String script) {
        return new ProcessBuilder("sh", "-c", script);
    }

    @Test
    void awaitReady_processExits_failsWithItsCodeAndTheEndOfItsLog() throws Exception {
        Child c = Child.start("demo", sh("echo first; echo broken on purpose; exit 3"), dir.resolve("log/out.log"),
                Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> c.awaitReady("http://127.0.0.1:1/", Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> false))
                    .isInstanceOf(LogpipeException.class)
                    .hasMessageContaining("demo exited with code 3 while starting")
                    .hasMessageContaining(dir.resolve("log/out.log").toString())
                    .hasMessageContaining("broken on purpose");
        } finally {
            c.stop();
        }
    }

    @Test
    void awaitReady_neverReady_timesOutRetryably() throws Exception {
        Child c = Child.start("sleeper", sh("echo started; exec sleep 600"), dir.resolve("out.log"), Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> c.awaitReady("the probe", Duration.ofMillis(300), Duration.ofMillis(20), () -> {
                throw new IOException("connection refused");
            })).isInstanceOfSatisfying(LogpipeException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("sleeper did not answer the probe within PT0.3S").hasMessageContaining("started");
            c.awaitReady("the probe", Duration.ofSeconds(5), Duration.ofMillis(20), () -> true);
        } finally {
            c.stop();
        }
        assertThat(c.isAlive()).isFalse();
    }

    @Test
    void stop_processIgnoringSigterm_isKilledAfterTheStopTimeout_withWhatItStarted() throws Exception {
        // sh ignores SIGTERM, and so does the sleep it starts (ignored signals stay ignored across exec)
        Child c = Child.start("stubborn", sh("trap '' TERM; sleep 600 & wait; sleep 600"), dir.resolve("out.log"),
                Duration.ofMillis(500));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.process().descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<ProcessHandle> started = c.process().descendants().toList();
        assertThat(started).as("sh started sleep").isNotEmpty();
        long t0 = System.nanoTime();

        c.stop();

        assertThat(c.isAlive()).isFalse();
        assertThat(c.process().exitValue()).as("killed, not exited").isEqualTo(137);
        assertThat(started).noneMatch(ProcessHandle::isAlive);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("bounded").isLessThan(Duration.ofSeconds(15));
        c.stop(); // idempotent
    }

    @Test
    void stop_processHonouringSigterm_exitsByItself() throws Exception {
        Child c = Child.start("polite", sh("trap 'exit 0' TERM; while true; do sleep 0.1; done"), dir.resolve("out.log"),
                Duration.ofSeconds(30));
        Thread.sleep(200); // let sh install its trap

        c.stop();

        assertThat(c.isAlive()).isFalse();
        assertThat(c.process().exitValue()).isZero();
    }

    @Test
    void stopAll_signalsEveryoneFirst_soAGroupTakesOneTimeout() throws Exception {
        List<Child> group = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            group.add(Child.start("stubborn-" + i, sh("trap '' TERM; exec sleep 600"), dir.resolve(i + ".log"),
                    Duration.ofSeconds(1)));
        }
        Thread.sleep(200);
        long t0 = System.nanoTime();

        LocalProcesses.stopAll(group);

        assertThat(group).noneMatch(Child::isAlive);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3 * 1 + 10));
    }

    @Test
    void kill_sigkill_goneAtOnce() throws Exception {
        Child c = Child.start("victim", sh("exec sleep 600"), dir.resolve("out.log"), Duration.ofSeconds(30));

        c.kill();

        assertThat(c.isAlive()).isFalse();
        assertThat(c.process().exitValue()).isEqualTo(137);
    }

    @Test
    void shutdownHook_jvmExitsWithoutStopping_childIsStopped() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("jvm.out");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HookMain.class.getName(), dir.resolve("child.log").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(jvm.exitValue()).as(text).isZero();
            long pid = Long.parseLong(text.lines().filter(l -> l.startsWith("pid ")).findFirst().orElseThrow()
                    .substring(4).trim());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("the child the JVM left behind").isFalse();
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void tail_longLog_lastLinesOnly_andNoLog() throws Exception {
        Path log = dir.resolve("big.log");
        Files.writeString(log, IntStream.range(0, 20_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThat(LocalProcesses.tail(log, 3)).isEqualTo("line 19997\nline 19998\nline 19999");
        assertThat(LocalProcesses.tail(dir.resolve("none.log"), 3)).isEqualTo("(no log)");
        assertThat(LocalProcesses.tail(null, 3)).isEqualTo("(no log)");
    }

    @Test
    void settingsRepository_localRepositoryOutsideComments_isUsed() throws Exception {
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, "<settings><!-- <localRepository>/commented/out</localRepository> -->\n"
                + "  <localRepository> ${user.home}/repo </localRepository></settings>");
        Path none = dir.resolve("no-settings.xml");
        Files.writeString(none, "<settings><!-- <localRepository>/commented/out</localRepository> --></settings>");

        assertThat(LocalProcesses.settingsRepository(settings)).isEqualTo(Path.of(System.getProperty("user.home"), "repo"));
        assertThat(LocalProcesses.settingsRepository(none)).isNull();
        assertThat(LocalProcesses.settingsRepository(dir.resolve("missing.xml"))).isNull();
    }

    /** Starts a child, prints its pid and exits without stopping it: the shutdown hook must. */
    public static final class HookMain {
        public static void main(String[] args) throws Exception {
            Child c = Child.start("left-behind", new ProcessBuilder("sleep", "600"), Path.of(args[0]),
                    Duration.ofSeconds(10));
            System.out.println("pid " + c.pid());
            System.out.flush();
        }
    }
}
