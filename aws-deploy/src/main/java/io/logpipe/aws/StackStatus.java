package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The stack's resources as they are now, the data flowing through them and the estimated cost so far.
 *
 * @param stack the stack name
 * @param region the region
 * @param items one per resource of the stack, in creation order
 * @param documents the documents in the index ({@code -1} if the domain could not be asked)
 * @param costSoFarUsd the estimated cost since each resource was created (from the state file)
 */
@API(status = EXPERIMENTAL)
public record StackStatus(String stack, String region, List<Item> items, long documents, double costSoFarUsd) {

    /**
     * One resource.
     *
     * @param resource the resource
     * @param exists whether it exists (and is the stack's)
     * @param state its state, such as {@code ACTIVE}, or why it is not the stack's
     * @param createdAt when {@code up} created it, if the state file knows
     */
    public record Item(Resource resource, boolean exists, String state, @Nullable Instant createdAt) {
        /** Validates the components. */
        public Item {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(state, "state");
        }
    }

    /** Copies the list. */
    public StackStatus {
        items = List.copyOf(items);
    }

    /** @return whether any resource of the stack exists */
    public boolean exists() {
        return items.stream().anyMatch(Item::exists);
    }

    /**
     * Renders the status.
     *
     * @return the text, ending with a newline
     */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Stack %s in %s%n", stack, region));
        for (Item i : items) {
            b.append(String.format(Locale.ROOT, "%-27s %-45s %s%s%n", i.resource().kind().label(), i.resource().name(),
                    i.exists() ? i.state() : "not created" + (i.state().isEmpty() ? "" : " (" + i.state() + ")"),
                    i.createdAt() == null ? "" : ", since " + i.createdAt()));
        }
        if (documents >= 0) {
            b.append("documents in the index: ").append(documents).append(System.lineSeparator());
        }
        b.append(String.format(Locale.ROOT, "estimated cost so far: $%.2f%n", costSoFarUsd));
        return b.toString();
    }
}
