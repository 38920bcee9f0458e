package io.logpipe.parser;

import io.logpipe.model.AccessLogRecord;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik arbitraries for records that every layout can write and read back. */
final class Records {

    private Records() {}

    /** Any text: quotes, backslashes, control characters, Unicode (no lone surrogates). */
    static Arbitrary<String> freeText() {
        Arbitrary<Character> nasty = Arbitraries.of('"', '\\', '\n', '\r', '\t', '\b', '\u000b', '\u0000', '\u001b',
                '\u007f', ' ', '-', '[', ']', 'x', '\u00e9', '\u20ac', '\u2028', '\u0085');
        Arbitrary<Character> any = Arbitraries.chars().all().filter(c -> !Character.isSurrogate(c));
        Arbitrary<String> bmp = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.chars().ascii()), net.jqwik.api.Tuple.of(2, nasty),
                        net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(40).map(Records::join);
        Arbitrary<String> emoji = Arbitraries.of("\ud83d\ude00", "caf\u00e9", "\u65e5\u672c");
        return Arbitraries.oneOf(bmp, bmp, emoji.list().ofMaxSize(3).map(l -> String.join("", l)));
    }

    private static String join(java.util.List<Character> cs) {
        StringBuilder sb = new StringBuilder(cs.size());
        cs.forEach(sb::append);
        return sb.toString();
    }

    /** Text written raw (host, identity): printable ASCII without spaces, never "-". */
    static Arbitrary<String> token() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20).filter(s -> !s.equals("-"));
    }

    static Arbitrary<String> host() {
        return Arbitraries.oneOf(token(), Arbitraries.of("127.0.0.1", "2001:db8::1", "::1", "lj1036.inktomisearch.com", "-"));
    }

    static Arbitrary<OffsetDateTime> time() {
        Arbitrary<LocalDateTime> local = Arbitraries.longs().between(
                        LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC),
                        LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC))
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
        Arbitrary<ZoneOffset> offset = Arbitraries.integers().between(-18 * 60, 18 * 60)
                .map(m -> ZoneOffset.ofTotalSeconds(m * 60));
        return Combinators.combine(local, offset).as(OffsetDateTime::of);
    }

    /** A request: split (method and protocol without spaces), HTTP/0.9, raw (not two words), or none. */
    static Arbitrary<String[]> request() {
        Arbitrary<String> word = freeText().filter(s -> s.indexOf(' ') < 0);
        Arbitrary<String[]> split = Combinators.combine(
                        Arbitraries.oneOf(word, Arbitraries.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS")),
                        freeText(),
                        Arbitraries.oneOf(word, Arbitraries.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0")))
                .as((m, t, p) -> new String[] {m, t, p, null});
        // raw: no space, or one with nothing before or after it (two non-empty words are HTTP/0.9)
        Arbitrary<String[]> raw = freeText().filter(s -> s.indexOf(' ') == s.lastIndexOf(' ') && !s.equals("-")
                        && (s.indexOf(' ') <= 0 || s.indexOf(' ') == s.length() - 1))
                .map(s -> new String[] {null, null, null, s});
        Arbitrary<String> nonEmptyWord = word.filter(s -> !s.isEmpty());
        Arbitrary<String[]> http09 = Combinators.combine(
                        Arbitraries.oneOf(nonEmptyWord, Arbitraries.just("GET")), nonEmptyWord)
                .as((m, t) -> new String[] {m, t, null, null});
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, split), net.jqwik.api.Tuple.of(2, raw),
                net.jqwik.api.Tuple.of(1, http09), net.jqwik.api.Tuple.of(1, Arbitraries.just(new String[4])));
    }

    static Arbitrary<String> nullableText() {
        return Arbitraries.oneOf(freeText().filter(s -> !s.equals("-")), Arbitraries.just(null));
    }

    /** Users: any text but "-" and " [" (where the time starts); may hold spaces. */
    static Arbitrary<String> user() {
        return Arbitraries.oneOf(freeText().filter(s -> !s.equals("-") && !s.contains(" [") && !s.endsWith(" ")),
                Arbitraries.just(null));
    }

    /**
     * Records for {@code %h %l %u %t "%r" %>s %b} (plus referer and agent when {@code combined}).
     *
     * @param trailerMustStartWithSpace true for layouts ending in an unquoted field
     */
    static Arbitrary<AccessLogRecord> records(boolean combined, boolean trailerMustStartWithSpace) {
        Arbitrary<String> identity = Arbitraries.oneOf(token(), Arbitraries.just(""), Arbitraries.just(null));
        Arbitrary<Long> bytes = Arbitraries.oneOf(Arbitraries.longs().between(0, 100_000_000_000_000_000L),
                Arbitraries.longs().between(0, 5000), Arbitraries.just(null));
        Arbitrary<String> trailer = Arbitraries.oneOf(Arbitraries.just(""),
                freeText().filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
                        .map(s -> trailerMustStartWithSpace ? " " + s : s));
        Arbitrary<String> referer = combined ? nullableText() : Arbitraries.just(null);
        Arbitrary<String> agent = combined ? nullableText() : Arbitraries.just(null);
        Arbitrary<AccessLogRecord.Builder> head = Combinators.combine(host(), identity, user(), time(), request())
                .as((h, i, u, t, rq) -> AccessLogRecord.builder().remoteHost(h).identity(i).remoteUser(u).time(t)
                        .method(rq[0]).target(rq[1]).protocol(rq[2]).rawRequest(rq[3]));
        // a '-' status (none was set) is null
        Arbitrary<Integer> status = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9,
                Arbitraries.integers().between(0, 999)), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(head, status, bytes, referer, agent, trailer)
                .as((hd, st, b, ref, ua, tr) -> hd.status(st).bytesSent(b).referer(ref).userAgent(ua).trailer(tr)
                        .build());
    }

    /** Extras for a custom layout, keyed by directive text; "-" and absent values are left out. */
    static Arbitrary<Map<String, String>> extras(String... keys) {
        Arbitrary<String> value = Arbitraries.oneOf(freeText().filter(s -> !s.equals("-") && s.indexOf('"') < 0
                && s.indexOf(' ') < 0 && !s.isEmpty()), Arbitraries.just(null));
        return value.list().ofSize(keys.length).map(vs -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int k = 0; k < keys.length; k++) {
                if (vs.get(k) != null) {
                    m.put(keys[k], vs.get(k));
                }
            }
            return m;
        });
    }
}
