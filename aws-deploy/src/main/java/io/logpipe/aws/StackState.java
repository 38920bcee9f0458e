package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The local record of a stack: which resources it created, by ARN, and when. It holds no credentials
 * and no secrets (only names and ARNs), and is written atomically after every creation and deletion,
 * so an interrupted {@code up} or {@code down} resumes from it. {@code down} still finds the stack's
 * resources by name and tag when the file is lost.
 *
 * <p>Thread-safe: every method is synchronized.
 */
@API(status = EXPERIMENTAL)
public final class StackState {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One created resource.
     *
     * @param resource the resource
     * @param createdAt when {@code up} created it
     */
    public record Entry(Resource resource, Instant createdAt) {
        /** Validates the components. */
        public Entry {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    private final Path file;
    private final String stack;
    private final String region;
    private final List<Entry> entries = new ArrayList<>();

    private StackState(Path file, String stack, String region) {
        this.file = file;
        this.stack = stack;
        this.region = region;
    }

    /**
     * Returns the default file: {@code $XDG_STATE_HOME/logpipe/aws/<stack>-<region>.json}
     * ({@code ~/.local/state} when {@code XDG_STATE_HOME} is unset).
     *
     * @param stack the stack name
     * @param region the region
     * @return the path
     */
    public static Path defaultFile(String stack, String region) {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("logpipe").resolve("aws").resolve(stack + "-" + region + ".json");
    }

    /**
     * Reads the state file, or starts an empty state if it does not exist.
     *
     * @param file the file
     * @param stack the stack name
     * @param region the region
     * @return the state
     * @throws AwsDeployException if the file exists but cannot be read, or belongs to another stack
     */
    public static StackState load(Path file, String stack, String region) {
        StackState s = new StackState(file, stack, region);
        if (!Files.exists(file)) {
            return s;
        }
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            if (!stack.equals(root.path("stack").asText()) || !region.equals(root.path("region").asText())) {
                throw new AwsDeployException("State file " + file + " belongs to stack '" + root.path("stack").asText()
                        + "' in " + root.path("region").asText() + ", not '" + stack + "' in " + region
                        + ": pass --state with the right file, or another --stack / --region.", "StateMismatch", null, false);
            }
            for (JsonNode n : root.path("resources")) {
                s.entries.add(new Entry(new Resource(ResourceKind.valueOf(n.path("kind").asText()),
                        n.path("name").asText(), n.path("arn").asText()), Instant.parse(n.path("createdAt").asText())));
            }
            return s;
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new AwsDeployException("State file " + file + " cannot be read (" + e.getMessage() + "): fix or"
                    + " delete it; `logpipe aws down` still finds the stack's resources by their tag.", "StateUnreadable",
                    e, false);
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the resources created, in creation order */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Finds the entry of a resource.
     *
     * @param arn its ARN
     * @return the entry, if the stack created it
     */
    public synchronized Optional<Entry> find(String arn) {
        return entries.stream().filter(e -> e.resource().arn().equals(arn)).findFirst();
    }

    /**
     * Records a created resource and writes the file.
     *
     * @param resource the resource
     * @param createdAt when it was created
     */
    public synchronized void created(Resource resource, Instant createdAt) {
        if (find(resource.arn()).isEmpty()) {
            entries.add(new Entry(resource, createdAt));
            write();
        }
    }

    /**
     * Forgets a deleted resource and writes the file (deleting it when nothing is left).
     *
     * @param arn the resource's ARN
     */
    public synchronized void deleted(String arn) {
        if (entries.removeIf(e -> e.resource().arn().equals(arn))) {
            write();
        }
    }

    private void write() {
        try {
            if (entries.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            ObjectNode root = MAPPER.createObjectNode();
            root.put("stack", stack);
            root.put("region", region);
            root.put("note", "ARNs of what `logpipe aws up` created; no credentials. `logpipe aws down` deletes them.");
            ArrayNode a = root.putArray("resources");
            for (Entry e : entries) {
                a.addObject().put("kind", e.resource().kind().name()).put("name", e.resource().name())
                        .put("arn", e.resource().arn()).put("createdAt", e.createdAt().toString());
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".stack-", ".tmp");
            Files.write(tmp, MAPPER.writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file " + file, e);
        }
    }
}
