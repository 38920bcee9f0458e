package io.logpipe.local.opensearch;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.local.internal.LocalProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apiguardian.api.API;

/**
 * Finds the OpenSearch distribution {@link OpenSearchServer} runs: an unpacked directory or the
 * {@code integ-test-zip} archive.
 *
 * <p>Looked for, in order: the system property {@value #HOME_PROPERTY}, the environment variable
 * {@value #HOME_ENV} (either may name the unpacked {@code opensearch-<version>} directory or the
 * zip), then the zip in the local Maven repository ({@code maven.repo.local} or
 * {@code ~/.m2/repository}), where building {@code local-services} puts it, then the directory
 * that build unpacks it to ({@code local-services/target/opensearch-dist/}) seen from the working
 * directory or its parent.
 */
@API(status = STABLE)
public final class OpenSearchDistribution {

    /** The OpenSearch version logpipe runs: {@value}. */
    public static final String VERSION = "2.19.6";
    /** System property naming the distribution directory or zip: {@value}. */
    public static final String HOME_PROPERTY = "logpipe.opensearch.home";
    /** Environment variable naming the distribution directory or zip: {@value}. */
    public static final String HOME_ENV = "LOGPIPE_OPENSEARCH_HOME";

    private final Path location;

    private OpenSearchDistribution(Path location) {
        this.location = location;
    }

    /**
     * Returns the distribution at a given directory or zip.
     *
     * @param location the unpacked {@code opensearch-<version>} directory or the zip
     * @return the distribution
     * @throws IllegalArgumentException if nothing is there
     */
    public static OpenSearchDistribution at(Path location) {
        if (!Files.exists(location)) {
            throw new IllegalArgumentException("no OpenSearch distribution at " + location);
        }
        return new OpenSearchDistribution(location);
    }

    /**
     * Finds the distribution as described in the class comment.
     *
     * @return the distribution
     * @throws IllegalStateException if none is found, with the command that fetches it
     */
    public static OpenSearchDistribution locate() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(HOME_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (Files.exists(p)) {
                return new OpenSearchDistribution(p);
            }
        }
        Path zip = mavenZip();
        if (Files.isRegularFile(zip)) {
            return new OpenSearchDistribution(zip);
        }
        // in a source checkout (tests of other modules, ./logpipe): what the local-services build unpacked
        for (String dir : new String[] {".", ".."}) {
            Path unpacked = Path.of(dir, "local-services", "target", "opensearch-dist", "opensearch-" + VERSION);
            if (Files.isDirectory(unpacked.resolve("bin"))) {
                return new OpenSearchDistribution(unpacked.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("OpenSearch " + VERSION + " not found: build local-services once "
                + "(./mvnw -B -pl local-services -am -Pquick -DskipTests package fetches it from Maven Central), or set "
                + HOME_ENV + " to an unpacked opensearch-" + VERSION + " directory"
                + " (looked for " + zip + ")");
    }

    private static Path mavenZip() {
        return LocalProcesses.mavenRepository().resolve(Path.of("org", "opensearch", "distribution", "integ-test-zip",
                "opensearch", VERSION, "opensearch-" + VERSION + ".zip"));
    }

    /**
     * Returns where the distribution is.
     *
     * @return the directory or zip
     */
    public Path location() {
        return location;
    }

    /**
     * Copies (or unpacks) the distribution into a directory.
     *
     * @param target the directory to create; the distribution's files go directly in it
     * @throws UncheckedIOException if copying fails
     */
    void installTo(Path target) {
        try {
            Files.createDirectories(target);
            if (Files.isDirectory(location)) {
                copyTree(location, target);
            } else {
                unzip(location, target);
            }
            try (var bins = Files.list(target.resolve("bin"))) {
                for (Path b : (Iterable<Path>) bins::iterator) {
                    Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install OpenSearch from " + location + " into " + target, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void unzip(Path zip, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream zin = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                String name = e.getName();
                int slash = name.indexOf('/');
                // strip the top-level opensearch-<version>/ directory
                String rel = slash < 0 ? name : name.substring(slash + 1);
                if (rel.isEmpty()) {
                    continue;
                }
                Path out = to.resolve(rel).normalize();
                if (!out.startsWith(to)) {
                    throw new IOException("zip entry escapes the target: " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zin, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "OpenSearchDistribution[" + location + "]";
    }
}
