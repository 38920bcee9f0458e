package io.logpipe.generator;

import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Draws one log line and writes it as ASCII bytes: the hot path shared by {@link LogLineWriter}
 * (bytes into a buffer) and the record iterator (bytes sliced into strings), so both give the same
 * lines for the same configuration. Every list entry is pre-encoded; numbers are written digit by
 * digit; the timestamp comes from {@link ClfTimeWriter}. Not thread-safe.
 *
 * <p>Per line, in this order (the original's order): the time step, the client address, the verb,
 * the resource (and the {@code appID}), the status, the byte count, the referer and the user agent.
 * The referer and user agent are drawn for the common format too, so a common line is the combined
 * line of the same seed without its two last fields.
 */
final class LineComposer {

    /** No line is longer than this; callers keep this much room free before {@link #compose}. */
    static final int MAX_LINE = 1024;

    static final int HOST = 0;
    static final int TIME = 1;
    static final int METHOD = 2;
    static final int TARGET = 3;
    static final int REFERER = 4;
    static final int AGENT = 5;

    // the original's lists (reference §1.7)
    static final String[] VERBS = {"GET", "POST", "DELETE", "PUT"};
    static final int[] STATUSES = {200, 404, 500, 301};
    static final String[] RESOURCES = {
        "/list", "/wp-content", "/wp-admin", "/explore", "/search/tag/list", "/app/main/posts",
        "/posts/posts/explore", "/apps/cart.jsp?appID=",
    };
    static final int APP_RESOURCE = 7;
    static final int BYTES_MEAN = 5000;
    static final int BYTES_SD = 50;

    private static final byte[][] VERB_BYTES = encodeAll(VERBS);
    private static final byte[][] RESOURCE_BYTES = encodeAll(RESOURCES);
    private static final byte[][] STATUS_BYTES = {b("200"), b("404"), b("500"), b("301")};
    private static final byte[][] OCTETS = new byte[256][];

    static {
        for (int i = 0; i < 256; i++) {
            OCTETS[i] = b(Integer.toString(i));
        }
    }

    private static final byte[] DASHES = b(" - - [");
    private static final byte[] HTTP_10 = b(" HTTP/1.0\" ");
    private static final byte[] HTTP = b("http");
    private static final byte[] HTTPS = b("https");
    private static final byte[] SCHEME_SEP = b("://");
    private static final byte[] WWW = b("www.");
    private static final byte[] MOZILLA = b("Mozilla/5.0 (");
    private static final byte[] X11_LINUX = b("X11; Linux ");
    private static final byte[] I686 = b("i686");
    private static final byte[] X86_64 = b("x86_64");
    private static final byte[] MACINTOSH = b("Macintosh; ");
    private static final byte[] MAC_OS_X_10 = b(" Mac OS X 10_");
    private static final byte[] LINUX_ANDROID = b("Linux; Android ");
    private static final byte[] ANDROID = b("Android ");
    private static final byte[] IPHONE = b("iPhone");
    private static final byte[] IPAD = b("iPad");
    private static final byte[] CPU = b("; CPU ");
    private static final byte[] OS = b(" OS ");
    private static final byte[] LIKE_MAC_OS_X = b(" like Mac OS X");
    private static final byte[] APPLE_WEBKIT = b(") AppleWebKit/");
    private static final byte[] KHTML_CHROME = b(" (KHTML, like Gecko) Chrome/");
    private static final byte[] KHTML_CRIOS = b(" (KHTML, like Gecko) CriOS/");
    private static final byte[] KHTML_FXIOS = b(" (KHTML, like Gecko) FxiOS/");
    private static final byte[] KHTML_VERSION = b(" (KHTML, like Gecko) Version/");
    private static final byte[] DOT_0_DOT = b(".0.");
    private static final byte[] DOT_0_SAFARI = b(".0 Safari/");
    private static final byte[] DOT_0_MOBILE = b(".0 Mobile/");
    private static final byte[] SAFARI = b(" Safari/");
    private static final byte[] SEMI = b("; ");
    private static final byte[] RV_19 = b("; rv:1.9.");
    private static final byte[] DOT_20 = b(".20) ");
    private static final byte[] MOBILE_RV = b("; Mobile; rv:");
    private static final byte[] DOT_0_GECKO = b(".0) Gecko/");
    private static final byte[] DOT_0_FIREFOX = b(".0 Firefox/");
    private static final byte[] DOT_0 = b(".0");
    private static final byte[] GECKO = b("Gecko/");
    private static final byte[] FIREFOX = b(" Firefox/");
    private static final byte[] FIREFOX_36 = b(" Firefox/3.6.");
    private static final byte[] FIREFOX_38 = b(" Firefox/3.8");
    private static final byte[] WINDOWS_U = b("Windows; U; ");
    private static final byte[] RV = b(" rv:");
    private static final byte[] DOT_0_SEMI = b(".0; ");
    private static final byte[] IPOD = b("iPod; U; CPU iPhone OS ");
    private static final byte[] LIKE_MAC_OS_X_SEMI = b(" like Mac OS X; ");
    private static final byte[] DOT_0_5_MOBILE_8B = b(".0.5 Mobile/8B");
    private static final byte[] SAFARI_6 = b(" Safari/6");
    private static final byte[] OPERA = b("Opera/");
    private static final byte[] DOT_PAREN = b(".(");
    private static final byte[] PRESTO = b(") Presto/2.9.");
    private static final byte[] VERSION = b(" Version/");
    private static final byte[] DOT_00 = b(".00");
    private static final byte[] MSIE = b("Mozilla/5.0 (compatible; MSIE ");
    private static final byte[] TRIDENT = b("; Trident/");

    /** Firefox's Gecko build date: Faker draws it from 2010 or 2011 on; we stop at the end of 2025. */
    static final long GECKO_FROM_2010 = Instant.parse("2010-01-01T00:00:00Z").getEpochSecond();
    static final long GECKO_FROM_2011 = Instant.parse("2011-01-01T00:00:00Z").getEpochSecond();
    static final long GECKO_UNTIL = Instant.parse("2025-12-31T23:59:59Z").getEpochSecond();

    private final FakerLists lists = FakerLists.INSTANCE;
    private final SplittableRandom random;
    private final boolean combined;
    private final @Nullable Ipv4Ranges ipv4;
    private final ClfTimeWriter timeWriter;
    private final LogGenerator.TimeMode timeMode;
    private final int minStep;
    private final int maxStep;
    private final long stepSeconds;
    private final int stepNanos;
    private final Clock clock;

    /** Start and end offsets of the fields of the last line, indexed by HOST, TIME, ... */
    final int[] from = new int[6];
    final int[] to = new int[6];
    long epochSecond;
    int nano;
    int verb;
    int status;
    int bytesSent;

    LineComposer(LogGenerator config, long startSecond, int startNano) {
        this.random = new SplittableRandom(config.seed());
        this.combined = config.combined();
        this.ipv4 = config.ipv4Space() == Ipv4Space.NON_RESERVED ? Ipv4Ranges.NON_RESERVED : null;
        this.timeWriter = new ClfTimeWriter(config.zone());
        this.timeMode = config.timeMode();
        this.minStep = (int) config.minStep().getSeconds();
        this.maxStep = (int) config.maxStep().getSeconds();
        this.stepSeconds = config.fixedStep().getSeconds();
        this.stepNanos = config.fixedStep().getNano();
        this.clock = config.clock();
        this.epochSecond = startSecond;
        this.nano = startNano;
    }

    /** Returns the zone offset, in seconds, of the last line's timestamp. */
    int offsetSeconds() {
        return timeWriter.offsetAt(epochSecond);
    }

    /**
     * Draws the next line and writes it, with its {@code '\n'}, at {@code p}; {@code b} must have
     * {@link #MAX_LINE} bytes free from {@code p}.
     *
     * @return the position after the line
     */
    int compose(byte[] b, int p) {
        advanceTime();
        SplittableRandom r = random;

        from[HOST] = p;
        long ip = ipv4 == null ? Integer.toUnsignedLong(r.nextInt()) : ipv4.draw(r);
        p = put(b, p, OCTETS[(int) (ip >>> 24)]);
        b[p++] = '.';
        p = put(b, p, OCTETS[(int) (ip >>> 16) & 255]);
        b[p++] = '.';
        p = put(b, p, OCTETS[(int) (ip >>> 8) & 255]);
        b[p++] = '.';
        p = put(b, p, OCTETS[(int) ip & 255]);
        to[HOST] = p;

        p = put(b, p, DASHES);
        from[TIME] = p;
        p = timeWriter.write(b, p, epochSecond);
        to[TIME] = p;
        b[p++] = ']';
        b[p++] = ' ';
        b[p++] = '"';

        // numpy.random.choice(verb, p=[0.6, 0.1, 0.1, 0.2]) as tenths
        int v = r.nextInt(10);
        verb = v < 6 ? 0 : v == 6 ? 1 : v == 7 ? 2 : 3;
        from[METHOD] = p;
        p = put(b, p, VERB_BYTES[verb]);
        to[METHOD] = p;
        b[p++] = ' ';
        from[TARGET] = p;
        int resource = r.nextInt(RESOURCES.length);
        p = put(b, p, RESOURCE_BYTES[resource]);
        if (resource == APP_RESOURCE) {
            p = putInt(b, p, r.nextInt(1000, 10_001));
        }
        to[TARGET] = p;
        p = put(b, p, HTTP_10);

        // numpy.random.choice(response, p=[0.9, 0.04, 0.02, 0.04]) in fiftieths
        int s = r.nextInt(50);
        int si = s < 45 ? 0 : s < 47 ? 1 : s == 47 ? 2 : 3;
        status = STATUSES[si];
        p = put(b, p, STATUS_BYTES[si]);
        b[p++] = ' ';
        // int(random.gauss(5000, 50)): truncated toward zero
        bytesSent = (int) (BYTES_MEAN + BYTES_SD * r.nextGaussian());
        p = putInt(b, p, bytesSent);

        int refFrom = p + 2;
        int end = referer(b, refFrom);
        int agentFrom = end + 3;
        int agentEnd = userAgent(b, agentFrom);
        if (combined) {
            b[p] = ' ';
            b[p + 1] = '"';
            b[end] = '"';
            b[end + 1] = ' ';
            b[end + 2] = '"';
            b[agentEnd] = '"';
            from[REFERER] = refFrom;
            to[REFERER] = end;
            from[AGENT] = agentFrom;
            to[AGENT] = agentEnd;
            p = agentEnd + 1;
        }
        b[p++] = '\n';
        return p;
    }

    private void advanceTime() {
        switch (timeMode) {
            case RANDOM:
                epochSecond += minStep == maxStep ? minStep : random.nextInt(minStep, maxStep + 1);
                break;
            case FIXED:
                epochSecond += stepSeconds;
                nano += stepNanos;
                if (nano >= 1_000_000_000) {
                    nano -= 1_000_000_000;
                    epochSecond++;
                }
                break;
            default:
                Instant now = clock.instant();
                epochSecond = now.getEpochSecond();
                nano = now.getNano();
                break;
        }
    }

    /** faker.uri(): scheme://[www.]domain.tld/ then one of five shapes of page, path and extension. */
    private int referer(byte[] b, int p) {
        SplittableRandom r = random;
        FakerLists l = lists;
        p = put(b, p, r.nextBoolean() ? HTTP : HTTPS);
        p = put(b, p, SCHEME_SEP);
        if (r.nextBoolean()) {
            p = put(b, p, WWW);
        }
        // domain_word(): the first word of company(); one company format in three is "last-last"
        p = put(b, p, pick(l.domainWords));
        if (r.nextInt(3) == 1) {
            b[p++] = '-';
            p = put(b, p, pick(l.domainWords));
        }
        b[p++] = '.';
        p = put(b, p, pick(l.tlds));
        b[p++] = '/';
        switch (r.nextInt(5)) {
            case 0:
                break;
            case 1:
                p = put(b, p, pick(l.uriPages));
                b[p++] = '/';
                break;
            case 2:
                p = put(b, p, pick(l.uriPages));
                p = put(b, p, pick(l.uriExtensions));
                break;
            case 3:
                p = uriPath(b, p);
                b[p++] = '/';
                p = put(b, p, pick(l.uriPages));
                b[p++] = '/';
                break;
            default:
                p = uriPath(b, p);
                b[p++] = '/';
                p = put(b, p, pick(l.uriPages));
                p = put(b, p, pick(l.uriExtensions));
                break;
        }
        return p;
    }

    private int uriPath(byte[] b, int p) {
        int deep = random.nextInt(1, 4);
        for (int i = 0; i < deep; i++) {
            if (i > 0) {
                b[p++] = '/';
            }
            p = put(b, p, pick(lists.uriPaths));
        }
        return p;
    }

    /** The original's weights over Faker's five browsers: 0.5, 0.3, 0.1, 0.05, 0.05 in twentieths. */
    private int userAgent(byte[] b, int p) {
        int f = random.nextInt(20);
        if (f < 10) {
            return firefox(b, p);
        }
        if (f < 16) {
            return chrome(b, p);
        }
        if (f < 18) {
            return safari(b, p);
        }
        return f == 18 ? internetExplorer(b, p) : opera(b, p);
    }

    private int chrome(byte[] b, int p) {
        SplittableRandom r = random;
        int safMajor = r.nextInt(531, 537);
        int safMinor = r.nextInt(0, 3);
        p = put(b, p, MOZILLA);
        int platform = r.nextInt(5);
        switch (platform) {
            case 0:
                p = linuxToken(b, p);
                break;
            case 1:
                p = put(b, p, pick(lists.windowsTokens));
                break;
            case 2:
                p = macToken(b, p);
                break;
            case 3:
                p = put(b, p, LINUX_ANDROID);
                p = put(b, p, pick(lists.androidVersions));
                break;
            default:
                p = iosToken(b, p);
                break;
        }
        p = put(b, p, APPLE_WEBKIT);
        p = saf2(b, p, safMajor, safMinor);
        p = put(b, p, platform == 4 ? KHTML_CRIOS : KHTML_CHROME);
        p = putInt(b, p, r.nextInt(13, 64));
        p = put(b, p, DOT_0_DOT);
        p = putInt(b, p, r.nextInt(800, 900));
        if (platform == 4) {
            p = put(b, p, DOT_0_MOBILE);
            p = build(b, p, "##?###", 'A');
            p = put(b, p, SAFARI);
            p = saf2(b, p, safMajor, safMinor);
        } else {
            p = put(b, p, DOT_0_SAFARI);
            p = saf2(b, p, safMajor, safMinor);
        }
        return p;
    }

    private int firefox(byte[] b, int p) {
        SplittableRandom r = random;
        p = put(b, p, MOZILLA);
        switch (r.nextInt(5)) {
            case 0:
                p = put(b, p, pick(lists.windowsTokens));
                p = put(b, p, SEMI);
                p = locale(b, p);
                p = put(b, p, RV_19);
                p = putInt(b, p, r.nextInt(0, 3));
                p = put(b, p, DOT_20);
                return geckoVersion(b, p);
            case 1:
                p = linuxToken(b, p);
                p = put(b, p, RV_19);
                p = putInt(b, p, r.nextInt(5, 8));
                p = put(b, p, DOT_20);
                return geckoVersion(b, p);
            case 2:
                p = macToken(b, p);
                p = put(b, p, RV_19);
                p = putInt(b, p, r.nextInt(2, 7));
                p = put(b, p, DOT_20);
                return geckoVersion(b, p);
            case 3: {
                p = put(b, p, ANDROID);
                p = put(b, p, pick(lists.androidVersions));
                p = put(b, p, MOBILE_RV);
                int v = r.nextInt(5, 69);
                p = putInt(b, p, v);
                p = put(b, p, DOT_0_GECKO);
                p = putInt(b, p, v);
                p = put(b, p, DOT_0_FIREFOX);
                p = putInt(b, p, v);
                return put(b, p, DOT_0);
            }
            default: {
                int safMajor = r.nextInt(531, 537);
                int safMinor = r.nextInt(0, 3);
                p = iosToken(b, p);
                p = put(b, p, APPLE_WEBKIT);
                p = saf2(b, p, safMajor, safMinor);
                p = put(b, p, KHTML_FXIOS);
                p = putInt(b, p, r.nextInt(9, 19));
                b[p++] = '.';
                p = build(b, p, "#?####", 'a');
                p = put(b, p, DOT_0_MOBILE);
                p = build(b, p, "##?###", 'A');
                p = put(b, p, SAFARI);
                return saf2(b, p, safMajor, safMinor);
            }
        }
    }

    /** Faker's three Firefox versions, each with a Gecko build date. */
    private int geckoVersion(byte[] b, int p) {
        SplittableRandom r = random;
        p = put(b, p, GECKO);
        switch (r.nextInt(3)) {
            case 0:
                p = dateTime(b, p, r.nextLong(GECKO_FROM_2011, GECKO_UNTIL + 1));
                p = put(b, p, FIREFOX);
                p = putInt(b, p, r.nextInt(4, 16));
                return put(b, p, DOT_0);
            case 1:
                p = dateTime(b, p, r.nextLong(GECKO_FROM_2010, GECKO_UNTIL + 1));
                p = put(b, p, FIREFOX_36);
                return putInt(b, p, r.nextInt(1, 21));
            default:
                p = dateTime(b, p, r.nextLong(GECKO_FROM_2010, GECKO_UNTIL + 1));
                return put(b, p, FIREFOX_38);
        }
    }

    private int safari(byte[] b, int p) {
        SplittableRandom r = random;
        int s1 = r.nextInt(531, 536);
        int s2 = r.nextInt(1, 51);
        int s3 = r.nextInt(1, 8);
        boolean shortVersion = r.nextBoolean();
        int v1 = r.nextInt(4, 6);
        int v2 = shortVersion ? r.nextInt(0, 2) : r.nextInt(1, 6);
        p = put(b, p, MOZILLA);
        switch (r.nextInt(3)) {
            case 0:
                p = put(b, p, WINDOWS_U);
                p = put(b, p, pick(lists.windowsTokens));
                break;
            case 1:
                p = macToken(b, p);
                p = put(b, p, RV);
                p = putInt(b, p, r.nextInt(2, 7));
                p = put(b, p, DOT_0_SEMI);
                p = locale(b, p);
                break;
            default: {
                p = put(b, p, IPOD);
                p = putInt(b, p, r.nextInt(3, 5));
                b[p++] = '_';
                p = putInt(b, p, r.nextInt(0, 4));
                p = put(b, p, LIKE_MAC_OS_X_SEMI);
                p = locale(b, p);
                p = put(b, p, APPLE_WEBKIT);
                p = saf3(b, p, s1, s2, s3);
                p = put(b, p, KHTML_VERSION);
                p = putInt(b, p, r.nextInt(3, 5));
                p = put(b, p, DOT_0_5_MOBILE_8B);
                p = putInt(b, p, r.nextInt(111, 120));
                p = put(b, p, SAFARI_6);
                return saf3(b, p, s1, s2, s3);
            }
        }
        p = put(b, p, APPLE_WEBKIT);
        p = saf3(b, p, s1, s2, s3);
        p = put(b, p, KHTML_VERSION);
        p = putInt(b, p, v1);
        b[p++] = '.';
        if (shortVersion) {
            p = putInt(b, p, v2);
        } else {
            b[p++] = '0';
            b[p++] = '.';
            p = putInt(b, p, v2);
        }
        p = put(b, p, SAFARI);
        return saf3(b, p, s1, s2, s3);
    }

    private int opera(byte[] b, int p) {
        SplittableRandom r = random;
        p = put(b, p, OPERA);
        p = putInt(b, p, r.nextInt(8, 10));
        b[p++] = '.';
        p = putInt(b, p, r.nextInt(10, 100));
        // Faker's bug, kept: '.' instead of ' ' before the platform
        p = put(b, p, DOT_PAREN);
        p = r.nextBoolean() ? linuxToken(b, p) : put(b, p, pick(lists.windowsTokens));
        p = put(b, p, SEMI);
        p = locale(b, p);
        p = put(b, p, PRESTO);
        p = putInt(b, p, r.nextInt(160, 191));
        p = put(b, p, VERSION);
        p = putInt(b, p, r.nextInt(10, 13));
        return put(b, p, DOT_00);
    }

    private int internetExplorer(byte[] b, int p) {
        SplittableRandom r = random;
        p = put(b, p, MSIE);
        p = putInt(b, p, r.nextInt(5, 10));
        p = put(b, p, DOT_0_SEMI);
        p = put(b, p, pick(lists.windowsTokens));
        p = put(b, p, TRIDENT);
        p = putInt(b, p, r.nextInt(3, 6));
        b[p++] = '.';
        p = putInt(b, p, r.nextInt(0, 2));
        b[p++] = ')';
        return p;
    }

    private int linuxToken(byte[] b, int p) {
        p = put(b, p, X11_LINUX);
        return put(b, p, random.nextBoolean() ? I686 : X86_64);
    }

    private int macToken(byte[] b, int p) {
        p = put(b, p, MACINTOSH);
        p = put(b, p, pick(lists.macProcessors));
        p = put(b, p, MAC_OS_X_10);
        p = putInt(b, p, random.nextInt(5, 13));
        b[p++] = '_';
        return putInt(b, p, random.nextInt(0, 10));
    }

    private int iosToken(byte[] b, int p) {
        byte[] device = random.nextBoolean() ? IPHONE : IPAD;
        p = put(b, p, device);
        p = put(b, p, CPU);
        p = put(b, p, device);
        p = put(b, p, OS);
        p = put(b, p, pick(lists.iosVersions));
        return put(b, p, LIKE_MAC_OS_X);
    }

    /** Faker's locale(): a language uniformly, then one of its countries, written lang-CC. */
    private int locale(byte[] b, int p) {
        int language = random.nextInt(lists.languages.length);
        p = put(b, p, lists.languages[language]);
        b[p++] = '-';
        return put(b, p, pick(lists.countries[language]));
    }

    /** numerify/lexify of a pattern: '#' a digit, '?' a letter from {@code 'A'} or {@code 'a'}. */
    private int build(byte[] b, int p, String pattern, char letterBase) {
        for (int i = 0; i < pattern.length(); i++) {
            b[p++] = pattern.charAt(i) == '#'
                    ? (byte) ('0' + random.nextInt(10))
                    : (byte) (letterBase + random.nextInt(26));
        }
        return p;
    }

    private static int saf2(byte[] b, int p, int major, int minor) {
        p = putInt(b, p, major);
        b[p++] = '.';
        return putInt(b, p, minor);
    }

    private static int saf3(byte[] b, int p, int s1, int s2, int s3) {
        p = putInt(b, p, s1);
        b[p++] = '.';
        p = putInt(b, p, s2);
        b[p++] = '.';
        return putInt(b, p, s3);
    }

    /** Writes yyyy-MM-dd HH:mm:ss (Python's str(datetime)) for an epoch second in UTC. */
    private static int dateTime(byte[] b, int p, long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86_400L);
        int sec = (int) (epochSecond - day * 86_400L);
        long civil = ClfTimeWriter.civil(day);
        ClfTimeWriter.put4(b, p, (int) (civil >> 9));
        b[p + 4] = '-';
        ClfTimeWriter.put2(b, p + 5, (int) (civil >> 5 & 15));
        b[p + 7] = '-';
        ClfTimeWriter.put2(b, p + 8, (int) (civil & 31));
        b[p + 10] = ' ';
        ClfTimeWriter.put2(b, p + 11, sec / 3600);
        b[p + 13] = ':';
        ClfTimeWriter.put2(b, p + 14, sec / 60 % 60);
        b[p + 16] = ':';
        ClfTimeWriter.put2(b, p + 17, sec % 60);
        return p + 19;
    }

    private byte[] pick(byte[][] values) {
        return values[random.nextInt(values.length)];
    }

    private static int put(byte[] b, int p, byte[] v) {
        System.arraycopy(v, 0, b, p, v.length);
        return p + v.length;
    }

    /** "00".."99" as pairs of ASCII digits, for writing two digits at a time. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Writes a non-negative int in decimal, two digits at a time. */
    static int putInt(byte[] b, int p, int v) {
        if (v < 10) {
            b[p] = (byte) ('0' + v);
            return p + 1;
        }
        if (v < 100) {
            b[p] = PAIRS[2 * v];
            b[p + 1] = PAIRS[2 * v + 1];
            return p + 2;
        }
        int digits = v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5 : Integer.toString(v).length();
        int i = p + digits;
        while (v >= 100) {
            int pair = v % 100;
            v /= 100;
            b[--i] = PAIRS[2 * pair + 1];
            b[--i] = PAIRS[2 * pair];
        }
        if (v >= 10) {
            b[--i] = PAIRS[2 * v + 1];
            b[--i] = PAIRS[2 * v];
        } else {
            b[--i] = (byte) ('0' + v);
        }
        return p + digits;
    }

    /** Encodes a template literal (may contain the line's own quotes). */
    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[][] encodeAll(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = FakerLists.ascii(values[i]);
        }
        return out;
    }
}
