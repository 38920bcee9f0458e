package io.logpipe.benchmarks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic, realistic combined-format lines for the parser benchmarks: a seeded
 * {@link Random} over real user agents, paths, referers and status codes, drawn with skewed
 * (Zipf-like) weights so that a few user agents and paths dominate, as in real traffic. Hosts are
 * IPv4 addresses and host names only, so that every baseline (the Kinesis Agent's pattern rejects
 * IPv6) accepts every line and all methods do the same work.
 */
final class BenchmarkLines {

    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        "Go-http-client/1.1",
        "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Apache-HttpClient/4.5.14 (Java/17.0.12)",
        "-",
    };

    private static final String[] PATHS = {
        "/", "/index.html", "/favicon.ico", "/robots.txt", "/static/css/main.4f3c2a1b.css",
        "/static/js/vendor.8c1d2e3f.chunk.js", "/api/v1/products", "/api/v1/cart", "/images/logo.png",
        "/wp-login.php", "/search", "/blog/2024/05/how-we-ship-access-logs-to-opensearch",
        "/list", "/app/main/posts", "/explore", "/wp-content/uploads/2023/11/banner-1920x1080.jpg",
        "/account/orders", "/healthz", "/.env", "/sitemap.xml",
    };

    private static final String[] QUERIES = {
        "", "", "", "", "?page=2", "?q=running+shoes&sort=price_asc&size=42",
        "?utm_source=newsletter&utm_medium=email&utm_campaign=black_friday_2026&utm_content=hero_banner",
        "?id=", "?session=7f9c2ba4e88f827d616045507605853e&ref=home&lang=en-US&currency=EUR",
    };

    private static final String[] REFERERS = {
        "-", "-", "-", "https://www.google.com/", "https://www.example.com/", "https://www.example.com/search?q=shoes",
        "https://www.bing.com/search?q=logpipe+access+logs&form=QBLH", "https://t.co/AbCdEf123",
        "https://www.facebook.com/", "https://duckduckgo.com/",
    };

    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "POST",
        "HEAD", "PUT", "DELETE"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 404, 301, 302,
        500, 403, 499, 201};
    private static final String[] PROTOCOLS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"};
    private static final String[] USERS = {"-", "-", "-", "-", "-", "-", "-", "-", "-", "frank", "alice"};
    private static final String[] HOSTS = {"crawl-66-249-66-1.googlebot.com", "lj1036.inktomisearch.com",
        "proxy.example.net"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private BenchmarkLines() {}

    /**
     * Returns {@code n} combined-format lines, the same for the same seed.
     *
     * @param n how many
     * @param seed the random seed
     * @param linesPerSecond the average number of lines with the same timestamp second
     * @return the lines, without terminators
     */
    static String[] generate(int n, long seed, int linesPerSecond) {
        Random rnd = new Random(seed);
        String[] lines = new String[n];
        long epoch = Instant.parse("2026-11-25T10:00:00Z").getEpochSecond();
        ZoneOffset offset = ZoneOffset.ofHours(-7);
        StringBuilder sb = new StringBuilder(512);
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            if (rnd.nextInt(20) == 0) {
                sb.append(HOSTS[rnd.nextInt(HOSTS.length)]);
            } else {
                sb.append(1 + rnd.nextInt(223)).append('.').append(rnd.nextInt(256)).append('.')
                        .append(rnd.nextInt(256)).append('.').append(1 + rnd.nextInt(254));
            }
            sb.append(" - ").append(USERS[rnd.nextInt(USERS.length)]).append(" [");
            epoch += rnd.nextInt(linesPerSecond) == 0 ? 1 : 0;
            OffsetDateTime t = Instant.ofEpochSecond(epoch).atOffset(offset);
            sb.append(String.format(Locale.ROOT, "%02d/%s/%04d:%02d:%02d:%02d -0700", t.getDayOfMonth(),
                    MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond()));
            sb.append("] \"").append(METHODS[rnd.nextInt(METHODS.length)]).append(' ');
            String path = PATHS[zipf(rnd, PATHS.length)];
            String query = QUERIES[rnd.nextInt(QUERIES.length)];
            sb.append(path).append(query);
            if (query.endsWith("=")) {
                sb.append(rnd.nextInt(100_000));
            }
            sb.append(' ').append(PROTOCOLS[rnd.nextInt(PROTOCOLS.length)]).append("\" ");
            int status = STATUSES[rnd.nextInt(STATUSES.length)];
            sb.append(status).append(' ');
            if (status == 304 || status == 499) {
                sb.append('-');
            } else {
                sb.append(rnd.nextInt(3) == 0 ? rnd.nextInt(1000) : rnd.nextInt(250_000));
            }
            sb.append(" \"").append(REFERERS[rnd.nextInt(REFERERS.length)]).append("\" \"")
                    .append(USER_AGENTS[zipf(rnd, USER_AGENTS.length)]).append('"');
            lines[i] = sb.toString();
        }
        return lines;
    }

    /** Index in 0..n-1 with weight 1/(k+1): the first entries dominate. */
    private static int zipf(Random rnd, int n) {
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += 1.0 / (k + 1);
        }
        double x = rnd.nextDouble() * total;
        for (int k = 0; k < n; k++) {
            x -= 1.0 / (k + 1);
            if (x <= 0) {
                return k;
            }
        }
        return n - 1;
    }
}
