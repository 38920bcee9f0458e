package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * Receives the lines a processing option rejected (a line {@code LOGTOJSON} cannot parse), with the
 * file and 1-based line number, so that no line is dropped silently. Called from the flow's thread.
 */
@API(status = EXPERIMENTAL)
public interface RejectedLineSink {

    /**
     * Takes one rejected line.
     *
     * @param file the file the line was read from
     * @param lineNumber the 1-based line number in that file
     * @param reason why it was rejected
     * @param line the line, without its line break
     */
    void rejected(Path file, long lineNumber, String reason, String line);

    /**
     * Returns a sink appending one JSON object per line to a file:
     * {@code {"time":...,"file":...,"line":12,"reason":...,"text":...}}. The file is created with its
     * parent directories; each line is flushed.
     *
     * @param file the error output
     * @return the sink
     */
    static RejectedLineSink toFile(Path file) {
        JsonFactory factory = new JsonFactory();
        return (source, lineNumber, reason, line) -> {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                        JsonGenerator g = factory.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeStringField("time", Instant.now().toString());
                    g.writeStringField("file", source.toString());
                    g.writeNumberField("line", lineNumber);
                    g.writeStringField("reason", reason);
                    g.writeStringField("text", line);
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write rejected line to " + file, e);
            }
        };
    }
}
