package io.logpipe.model;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of arbitrary {@link AccessLogRecord}s: quotes, backslashes, control characters
 * and Unicode in every free-text field. Shared with other modules through log-model's test-jar.
 */
public final class AccessLogRecordArbitraries {

    private AccessLogRecordArbitraries() {}

    /** Free text: any char of the Basic Multilingual Plane but surrogates, plus the troublemakers. */
    public static Arbitrary<String> freeText() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.chars().range(' ', '~')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('"', '\\', '\t', '\n', '\r', (char) 0x0b, '\b', (char) 0x01,
                        (char) 0x7f, ' ')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u00a0', '\ud7ff')));
        return chars.list().ofMaxSize(40).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::append);
            return sb.toString();
        });
    }

    /** A token without whitespace, quotes or brackets: hosts, identities, methods, protocols. */
    public static Arbitrary<String> token() {
        return Arbitraries.strings().withChars("abcdefABCDEF0123456789.:-_@%/").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.equals("-"));
    }

    /** Times with whole seconds, years 1000..9999 and whole-minute offsets within +-18h. */
    public static Arbitrary<OffsetDateTime> times() {
        return Combinators.combine(
                        Arbitraries.longs().between(-30_000_000_000L, 253_402_300_799L - 86_400),
                        Arbitraries.integers().between(-18 * 60, 18 * 60))
                .as((epoch, offMin) -> OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(epoch),
                        ZoneOffset.ofTotalSeconds(offMin * 60)))
                .filter(t -> t.getYear() >= 1000 && t.getYear() <= 9999);
    }

    /** Records in the common layout: no referer, agent, extras or trailer. */
    public static Arbitrary<AccessLogRecord> commonRecords() {
        return records(false);
    }

    /** Records in the combined layout. */
    public static Arbitrary<AccessLogRecord> combinedRecords() {
        return records(true);
    }

    private static Arbitrary<AccessLogRecord> records(boolean combined) {
        Arbitrary<String> nullableText = freeText().injectNull(0.2);
        Arbitrary<String[]> request = Arbitraries.oneOf(
                Combinators.combine(token(), freeText().filter(s -> !s.isEmpty() && !s.startsWith(" ")
                                && !s.endsWith(" ")), token())
                        .as((m, t, p) -> new String[] {m, t, p, null}),
                Arbitraries.just(new String[] {null, null, null, null}),
                Combinators.combine(token(), token()).as((m, t) -> new String[] {m, t, null, null}), // HTTP/0.9
                token().map(t -> new String[] {null, null, null, t}));
        return Combinators.combine(
                        token(), token().injectNull(0.5), token().injectNull(0.5), times(), request,
                        Arbitraries.integers().between(0, 999).injectNull(0.1), Arbitraries.longs().between(0, Long.MAX_VALUE)
                                .injectNull(0.2),
                        combined ? nullableText : Arbitraries.just(null))
                .as((host, ident, user, time, req, status, bytes, referer) -> AccessLogRecord.builder()
                        .remoteHost(host).identity(ident).remoteUser(user).time(time)
                        .method(req[0]).target(req[1]).protocol(req[2]).rawRequest(req[3])
                        .status(status).bytesSent(bytes).referer(referer))
                .flatMap(b -> (combined ? nullableText : Arbitraries.<String>just(null))
                        .map(ua -> b.userAgent(ua).build()));
    }

    /** Records with extras, for custom formats with the given extra directives. */
    public static Arbitrary<AccessLogRecord> withExtras(Arbitrary<AccessLogRecord> base, String... directives) {
        return base.flatMap(r -> freeText().list().ofSize(directives.length).map(values -> {
            Map<String, String> extras = new LinkedHashMap<>();
            for (int i = 0; i < directives.length; i++) {
                extras.put(directives[i], values.get(i));
            }
            return r.toBuilder().extras(extras).build();
        }));
    }
}
