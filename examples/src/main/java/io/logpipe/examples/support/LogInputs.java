package io.logpipe.examples.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens the access-log inputs of the {@code send} commands: a file, a {@code .gz} file, or {@code -}. */
public final class LogInputs {

    private LogInputs() {}

    /**
     * Opens {@code input} as bytes, for {@code AccessLogParser.reader}, which splits lines at
     * {@code \n} only, as the Kinesis Agent does (a raw CR inside a line stays in it); {@code -} is
     * {@code stdin}, which closing the stream leaves open.
     *
     * @param input a file name, or {@code -}
     * @param stdin standard input
     * @return the bytes
     * @throws IOException if the file does not exist or cannot be opened
     */
    public static InputStream openStream(String input, InputStream stdin) throws IOException {
        InputStream in;
        if (input.equals("-")) {
            in = new FilterInputStream(stdin) {
                @Override
                public void close() {
                    // never close standard input
                }
            };
        } else {
            Path p = Path.of(input);
            if (!Files.isRegularFile(p)) {
                throw new IOException("no such file: " + input);
            }
            in = Files.newInputStream(p);
            if (input.endsWith(".gz")) {
                in = new GZIPInputStream(in, 65536);
            }
        }
        return in;
    }
}
