package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What {@code up} would do, and what the stack costs while it runs, from {@link PriceTable}.
 *
 * @param stack the stack name
 * @param region the region
 * @param account the account id
 * @param items one per resource, in creation order
 * @param warnings what {@code up} would stop at (a name taken, no job jar), empty if none
 */
@API(status = EXPERIMENTAL)
public record Plan(String stack, String region, String account, List<Item> items, List<String> warnings) {

    /** What happens to a resource. */
    public enum Action {
        /** {@code up} creates it. */
        CREATE,
        /** It exists and is the stack's: {@code up} leaves it (and finishes its setup). */
        EXISTS,
        /** Its name is taken by a resource outside the stack: {@code up} stops there. */
        TAKEN
    }

    /**
     * One resource of the plan.
     *
     * @param resource the resource
     * @param action what {@code up} does with it
     * @param hourlyUsd its estimated cost per hour
     * @param costNote what the cost covers
     */
    public record Item(Resource resource, Action action, double hourlyUsd, String costNote) {
        /** Validates the components. */
        public Item {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(costNote, "costNote");
        }
    }

    /** Copies the lists. */
    public Plan {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    /** @return the estimated cost per hour of the whole stack */
    public double hourlyUsd() {
        return items.stream().mapToDouble(Item::hourlyUsd).sum();
    }

    /** @return the estimated cost per month ({@value PriceTable#HOURS_PER_MONTH} hours) */
    public double monthlyUsd() {
        return hourlyUsd() * PriceTable.HOURS_PER_MONTH;
    }

    /**
     * Renders the plan as a table.
     *
     * @return the text, ending with a newline
     */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Stack %s in %s (account %s), tag %s=%s%n", stack, region, account,
                StackConfig.TAG_KEY, stack));
        b.append(String.format(Locale.ROOT, "%-7s %-27s %-45s %10s %10s  %s%n", "action", "resource", "name", "$/hour",
                "$/month", "cost covers"));
        for (Item i : items) {
            b.append(String.format(Locale.ROOT, "%-7s %-27s %-45s %10.4f %10.2f  %s%n",
                    i.action().name().toLowerCase(Locale.ROOT), i.resource().kind().label(), i.resource().name(),
                    i.hourlyUsd(), i.hourlyUsd() * PriceTable.HOURS_PER_MONTH, i.costNote()));
        }
        b.append(String.format(Locale.ROOT, "%-81s %10.4f %10.2f%n", "total (estimate)", hourlyUsd(), monthlyUsd()));
        b.append("Prices: ").append(PriceTable.REGION).append(" on-demand list prices recorded ")
                .append(PriceTable.RECORDED).append(" (io.logpipe.aws.PriceTable names each source); other regions")
                .append(" differ. Remove everything with: logpipe aws down --stack ").append(stack)
                .append(" --region ").append(region).append(System.lineSeparator());
        for (String w : warnings) {
            b.append("warning: ").append(w).append(System.lineSeparator());
        }
        return b.toString();
    }
}
