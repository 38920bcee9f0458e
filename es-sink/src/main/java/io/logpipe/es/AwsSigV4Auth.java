package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * AWS Signature Version 4 for Amazon OpenSearch Service ({@code es}) and OpenSearch Serverless
 * ({@code aoss}), with the AWS SDK's own signer ({@link AwsV4HttpSigner}). Needs the optional
 * {@code software.amazon.awssdk:http-auth-aws} dependency.
 *
 * <p>It signs the <em>final</em> body, after gzip, with {@code Content-Encoding} among the signed
 * headers, and the sink never uses chunked transfer encoding: the combination that breaks the
 * signature in other clients ("signature does not match" with compression). For {@code es} and
 * {@code aoss} it also sends {@code x-amz-content-sha256}, which Serverless requires.
 *
 * <p>Credentials are resolved for every request from the provider (which caches them). Thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html">Signature Version 4</a>
 */
@API(status = STABLE)
public final class AwsSigV4Auth implements EsAuth {

    /** The signing name of Amazon OpenSearch Service: {@value}. */
    public static final String SERVICE_ES = "es";
    /** The signing name of Amazon OpenSearch Serverless: {@value}. */
    public static final String SERVICE_AOSS = "aoss";

    private static final List<String> SKIPPED = List.of("host", "content-length");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String region;
    private final String service;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Clock clock;

    private AwsSigV4Auth(String region, String service, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            Clock clock) {
        this.region = requireNonNull(region, "region");
        this.service = requireNonNull(service, "service");
        this.credentials = requireNonNull(credentials, "credentials");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Returns an auth signing for the given region and service with the system clock.
     *
     * @param region for example {@code us-east-1}
     * @param service {@link #SERVICE_ES} or {@link #SERVICE_AOSS}
     * @param credentials the credentials provider, for example the SDK's
     *     {@code DefaultCredentialsProvider}
     * @return the auth
     */
    public static AwsSigV4Auth of(String region, String service,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        return new AwsSigV4Auth(region, service, credentials, Clock.systemUTC());
    }

    /**
     * Returns an auth with a given clock (for tests and published test vectors).
     *
     * @param region the region
     * @param service the signing name
     * @param credentials the credentials provider
     * @param clock the clock giving the signing time
     * @return the auth
     */
    public static AwsSigV4Auth of(String region, String service,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials, Clock clock) {
        return new AwsSigV4Auth(region, service, credentials, clock);
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)))
                .uri(uri);
        headers.forEach((k, v) -> {
            if (!SKIPPED.contains(k.toLowerCase(Locale.ROOT))) {
                request.putHeader(k, v);
            }
        });
        String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        request.putHeader("Host", host);
        Map<String, String> added = new LinkedHashMap<>();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        signed.request().forEachHeader((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SKIPPED.contains(lower) && !containsIgnoreCase(headers, name) && !values.isEmpty()) {
                added.put(name, values.get(0));
            }
        });
        return added;
    }

    private static boolean containsIgnoreCase(Map<String, String> headers, String name) {
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AwsSigV4Auth[region=" + region + ", service=" + service + "]";
    }
}
