package io.logpipe.local.firehose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

/** Shared helpers: an SDK client for the local endpoint, and a reader for the objects it wrote. */
final class LocalFirehoseTesting {

    /**
     * One event loop group for every test client: a client that owns its group takes two seconds to
     * close (Netty's graceful shutdown), one that borrows it closes at once.
     */
    private static final SdkEventLoopGroup EVENT_LOOPS = SdkEventLoopGroup.builder().numberOfThreads(2).build();

    private LocalFirehoseTesting() {}

    /** The real SDK client, SDK retries off (the sink retries), dummy credentials. */
    static FirehoseAsyncClient client(URI endpoint) {
        return FirehoseAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64).eventLoopGroup(EVENT_LOOPS))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Returns the visible object files under the directory (dot files are temporaries). */
    static List<Path> objects(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the bytes of an object, gunzipped if its name ends in .gz. */
    static byte[] read(Path object) {
        try (InputStream in = object.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(object)) : Files.newInputStream(object)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns every newline-terminated line of every object under the directory. */
    static List<String> lines(Path dir) {
        List<String> lines = new ArrayList<>();
        for (Path p : objects(dir)) {
            String text = new String(read(p), StandardCharsets.UTF_8);
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lines.add(text.substring(start, i));
                    start = i + 1;
                }
            }
            if (start < text.length()) {
                lines.add(text.substring(start));
            }
        }
        return lines;
    }
}
