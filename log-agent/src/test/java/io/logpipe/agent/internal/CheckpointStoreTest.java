package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.agent.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void put_reopen_returnsWhatWasWrittenAndLeavesNoTemporaryFile() {
        Path file = dir.resolve("deep/dir/cp.json");
        CheckpointStore.FileCheckpoint c = new CheckpointStore.FileCheckpoint("/l/a.log", "(dev=1,ino=2)", "ab", 1024,
                4096, 12, 10 * DAY);
        try (CheckpointStore s = CheckpointStore.open(file, Duration.ofDays(7), 10 * DAY)) {
            assertThat(s.get("flow")).isNull();
            s.put("flow", List.of(c));
            assertThat(s.writes()).isEqualTo(1);
            assertThat(s.file()).isEqualTo(file.toAbsolutePath());
        }
        assertThat(dir.resolve("deep/dir/cp.json.tmp")).doesNotExist();
        try (CheckpointStore s = CheckpointStore.open(file, Duration.ofDays(7), 11 * DAY)) {
            assertThat(s.get("flow")).containsExactly(c);
        }
        // older than the time to live: dropped
        try (CheckpointStore s = CheckpointStore.open(file, Duration.ofDays(7), 30 * DAY)) {
            assertThat(s.get("flow")).isEmpty();
        }
    }

    @Test
    void open_whileAnotherAgentHoldsIt_refusesNamingTheFile() {
        Path file = dir.resolve("cp.json");
        try (CheckpointStore s = CheckpointStore.open(file, Duration.ofDays(7), 0)) {
            assertThatThrownBy(() -> CheckpointStore.open(file, Duration.ofDays(7), 0))
                    .isInstanceOf(AgentException.class).hasMessageContaining("in use by another agent")
                    .hasMessageContaining(file.toString());
            assertThat(s.get("x")).isNull();
        }
        CheckpointStore.open(file, Duration.ofDays(7), 0).close();
    }

    @Test
    void open_corruptFile_failsWithHowToRecover() throws Exception {
        Path file = dir.resolve("cp.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> CheckpointStore.open(file, Duration.ofDays(7), 0))
                .isInstanceOf(AgentException.class).hasMessageContaining("move it away");
    }

    @Test
    void open_unwritableLocation_failsNamingIt() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        assertThatThrownBy(() -> CheckpointStore.open(blocker.resolve("cp.json"), Duration.ofDays(7), 0))
                .isInstanceOf(AgentException.class).hasMessageContaining("cannot open checkpoint file");
    }
}
