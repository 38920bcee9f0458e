package io.logpipe.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Writes numbered lines and rotates files the three ways logrotate and generators do. */
final class TestFiles {

    private TestFiles() {}

    static String line(int n) {
        return "line-" + n + " payload " + "x".repeat(n % 37);
    }

    static void append(Path file, int from, int to) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(line(i)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Rename rotation: access.log becomes access.log.1 (older shifted), a new access.log is created. */
    static void rotateRename(Path file) throws IOException {
        Path rotated = file.resolveSibling(file.getFileName() + ".1");
        if (Files.exists(rotated)) {
            Files.move(rotated, file.resolveSibling(file.getFileName() + ".2." + System.nanoTime()));
        }
        Files.move(file, rotated);
        Files.createFile(file);
    }

    /** Copytruncate rotation: copy to access.log.1 (replacing), then truncate in place. */
    static void rotateCopyTruncate(Path file) throws IOException {
        Path rotated = file.resolveSibling(file.getFileName() + ".1");
        Path older = file.resolveSibling(file.getFileName() + ".2." + System.nanoTime());
        if (Files.exists(rotated)) {
            Files.move(rotated, older);
        }
        Files.copy(file, rotated);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    static List<Integer> numbers(List<String> records) {
        List<Integer> out = new ArrayList<>();
        for (String r : records) {
            for (String l : r.split("\n")) {
                int i = l.indexOf("line-");
                if (i >= 0) {
                    int j = l.indexOf(' ', i);
                    out.add(Integer.parseInt(l.substring(i + 5, j)));
                }
            }
        }
        return out;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
