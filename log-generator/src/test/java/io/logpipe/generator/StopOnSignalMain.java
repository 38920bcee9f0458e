package io.logpipe.generator;

import java.nio.file.Path;

/**
 * Child-JVM entry point for {@link SignalStopTest}: generates into a file until the JVM receives a
 * signal. Arguments: the file, {@code gz} or {@code log}, the seed.
 */
final class StopOnSignalMain {

    private StopOnSignalMain() {}

    public static void main(String[] args) {
        LogGenerator generator = Lines.seeded(Long.parseLong(args[2])).build();
        GeneratorJob.Builder builder = GeneratorJob.builder(generator).lines(0);
        Path file = Path.of(args[0]);
        GeneratorJob job = (args[1].equals("gz") ? builder.gzipFile(file) : builder.file(file)).build();
        job.installShutdownHook();
        job.run();
    }
}
