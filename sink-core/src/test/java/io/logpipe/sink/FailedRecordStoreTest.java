package io.logpipe.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FailedRecordStoreTest {

    @Test
    void key_firehoseLayout_namesTheHourFolderAndTheObject() {
        String key = FirehoseKeyLayout.key("errors/", FirehoseKeyLayout.PROCESSING_FAILED, "web-log-ingestion-stream", 1,
                Instant.parse("2026-03-04T05:06:07.890Z"), "abc");
        assertThat(key).isEqualTo(
                "errors/processing-failed/2026/03/04/05/web-log-ingestion-stream-1-2026-03-04-05-06-07-abc");
        assertThat(FirehoseKeyLayout.key("", "", "s", Instant.parse("2026-12-31T23:59:59Z")))
                .matches("2026/12/31/23/s-1-2026-12-31-23-59-59-[0-9a-f-]{36}");
    }

    @Test
    void directory_put_writesTheKeyAsAFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        FailedRecordStore store = FailedRecordStore.directory(dir);
        store.put("a/b/c-1", "one\n".getBytes(UTF_8));
        store.put("a/b/c-1", "two\n".getBytes(UTF_8));
        assertThat(Files.readString(dir.resolve("a/b/c-1"))).isEqualTo("two\n");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(dir.resolve("a/b/c-1"));
        }
        assertThat(store.toString()).contains(dir.toString());
    }

    @Test
    void directory_keyOutsideTheRoot_isRefused(@TempDir Path dir) {
        FailedRecordStore store = FailedRecordStore.directory(dir);
        assertThatIllegalArgumentException().isThrownBy(() -> store.put("../escape", new byte[1]))
                .withMessageContaining("under");
        assertThatIllegalArgumentException().isThrownBy(() -> store.put("/abs", new byte[1]))
                .withMessageContaining("under");
    }

    @Test
    void directory_unwritableRoot_failsNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        FailedRecordStore store = FailedRecordStore.directory(file);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("k", new byte[1]))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("plain-file");
    }
}
