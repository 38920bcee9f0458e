package io.logpipe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RejectedLineSinkTest {

    @TempDir
    Path dir;

    @Test
    void toFile_twoLines_appendsOneJsonObjectEach() throws Exception {
        Path out = dir.resolve("errors/rejected.jsonl");
        RejectedLineSink sink = RejectedLineSink.toFile(out);
        sink.rejected(Path.of("/l/access.log"), 12, "LOGTOJSON: bad status", "x \"quoted\"");
        sink.rejected(Path.of("/l/access.log.1"), 1, "r", "y");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("file").asText()).isEqualTo("/l/access.log");
        assertThat(first.get("line").asLong()).isEqualTo(12);
        assertThat(first.get("reason").asText()).isEqualTo("LOGTOJSON: bad status");
        assertThat(first.get("text").asText()).isEqualTo("x \"quoted\"");
        assertThat(first.get("time").asText()).isNotEmpty();
    }

    @Test
    void toFile_unwritable_throwsNamingTheFile() throws Exception {
        Path blocker = dir.resolve("f");
        Files.writeString(blocker, "x");
        RejectedLineSink sink = RejectedLineSink.toFile(blocker.resolve("r.jsonl"));
        assertThatThrownBy(() -> sink.rejected(Path.of("a"), 1, "r", "t")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("r.jsonl");
    }
}
