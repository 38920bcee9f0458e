package io.logpipe.agent;

import io.logpipe.local.firehose.LocalFirehose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Counts the numbered access-log lines a local Firehose endpoint has written to its directory. */
final class Delivered {

    private static final Pattern ITEM = Pattern.compile("/item/(\\d+) ");

    final Map<Integer, Integer> counts = new HashMap<>();
    long records;

    static Delivered read(LocalFirehose firehose) throws IOException {
        firehose.flush();
        Delivered d = new Delivered();
        List<Path> files = null;
        while (files == null) {
            // objects are renamed into place while we walk: list again if one moved under us
            try (Stream<Path> s = Files.walk(firehose.directory())) {
                files = s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile)
                        .toList();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
        for (Path f : files) {
            String content;
            try {
                content = Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                continue;
            }
            for (String line : content.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                d.records++;
                Matcher m = ITEM.matcher(line);
                if (m.find()) {
                    d.counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                }
            }
        }
        return d;
    }

    int unique() {
        return counts.size();
    }

    long duplicates() {
        return counts.values().stream().mapToLong(c -> c - 1).sum();
    }

    boolean hasAll(int n) {
        for (int i = 0; i < n; i++) {
            if (!counts.containsKey(i)) {
                return false;
            }
        }
        return true;
    }

    /** A combined-format line carrying its number in the request target. */
    static String accessLine(int n) {
        return "10.0." + (n % 250) + ".7 - - [26/Nov/2026:00:" + String.format("%02d:%02d", (n / 60) % 60, n % 60)
                + " +0000] \"GET /item/" + n + " HTTP/1.1\" 200 " + (100 + n % 900)
                + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
    }
}
