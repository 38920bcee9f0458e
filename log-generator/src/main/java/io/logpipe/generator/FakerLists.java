package io.logpipe.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The word lists Faker draws user agents and referers from, carried as resources of this module and
 * pre-encoded as ASCII bytes. Loaded once; immutable and shared by every generator.
 */
final class FakerLists {

    static final FakerLists INSTANCE = load();

    final byte[][] windowsTokens;
    final byte[][] androidVersions;
    /** iOS versions with '.' replaced by '_', as the OS token writes them. */
    final byte[][] iosVersions;
    final byte[][] macProcessors;
    final byte[][] domainWords;
    final byte[][] tlds;
    final byte[][] uriPages;
    final byte[][] uriPaths;
    final byte[][] uriExtensions;
    /** Language codes; {@link #countries}[i] are the country codes of language i. */
    final byte[][] languages;
    final byte[][][] countries;

    private FakerLists(byte[][] windowsTokens, byte[][] androidVersions, byte[][] iosVersions,
            byte[][] macProcessors, byte[][] domainWords, byte[][] tlds, byte[][] uriPages, byte[][] uriPaths,
            byte[][] uriExtensions, byte[][] languages, byte[][][] countries) {
        this.windowsTokens = windowsTokens;
        this.androidVersions = androidVersions;
        this.iosVersions = iosVersions;
        this.macProcessors = macProcessors;
        this.domainWords = domainWords;
        this.tlds = tlds;
        this.uriPages = uriPages;
        this.uriPaths = uriPaths;
        this.uriExtensions = uriExtensions;
        this.languages = languages;
        this.countries = countries;
    }

    private static FakerLists load() {
        List<String> locales = read("locales.txt");
        byte[][] languages = new byte[locales.size()][];
        byte[][][] countries = new byte[locales.size()][][];
        for (int i = 0; i < locales.size(); i++) {
            String[] parts = locales.get(i).split(" ");
            if (parts.length < 2) {
                throw new GeneratorException("locales.txt line '" + locales.get(i) + "' has no country", null);
            }
            languages[i] = ascii(parts[0]);
            countries[i] = encode(Arrays.asList(parts).subList(1, parts.length));
        }
        List<String> ios = new ArrayList<>();
        for (String v : read("ios-versions.txt")) {
            ios.add(v.replace('.', '_'));
        }
        return new FakerLists(
                encode(read("windows-tokens.txt")),
                encode(read("android-versions.txt")),
                encode(ios),
                encode(read("mac-processors.txt")),
                encode(read("domain-words.txt")),
                encode(read("tlds.txt")),
                encode(read("uri-pages.txt")),
                encode(read("uri-paths.txt")),
                encode(read("uri-extensions.txt")),
                languages,
                countries);
    }

    /** Reads a list resource: one entry a line, '#' comment lines and blank lines skipped. */
    static List<String> read(String name) {
        InputStream in = FakerLists.class.getResourceAsStream(name);
        if (in == null) {
            throw new GeneratorException("List resource io/logpipe/generator/" + name
                    + " is missing from the classpath: the log-generator jar is incomplete", null);
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new GeneratorException("Cannot read list resource " + name + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new GeneratorException("List resource " + name + " is empty", null);
        }
        return out;
    }

    private static byte[][] encode(List<String> values) {
        byte[][] out = new byte[values.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ascii(values.get(i));
        }
        return out;
    }

    /**
     * Encodes a list entry; only printable ASCII without {@code "} and {@code \} is allowed, so that
     * the bytes written equal Apache's escaping of the same text.
     */
    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new GeneratorException("List entry '" + s + "' has a character that would need escaping in a log line", null);
            }
            b[i] = (byte) c;
        }
        return b;
    }
}
