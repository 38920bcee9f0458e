package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What {@code down} did.
 *
 * @param stack the stack name
 * @param region the region
 * @param existed whether anything of the stack was found
 * @param deleted the resources deleted, in deletion order
 * @param skipped resources with a stack name that lack the stack's tag: never touched
 * @param leftovers ARNs still tagged with the stack after the deletion (Resource Groups Tagging API and the
 *     stack's IAM path); empty when everything is gone
 */
@API(status = EXPERIMENTAL)
public record DownReport(String stack, String region, boolean existed, List<Resource> deleted, List<Resource> skipped,
        List<String> leftovers) {

    /** Copies the lists. */
    public DownReport {
        deleted = List.copyOf(deleted);
        skipped = List.copyOf(skipped);
        leftovers = List.copyOf(leftovers);
    }

    /** @return whether nothing tagged with the stack is left */
    public boolean clean() {
        return leftovers.isEmpty();
    }

    /**
     * Renders the report.
     *
     * @return the text, ending with a newline
     */
    public String render() {
        String nl = System.lineSeparator();
        if (!existed) {
            return "Stack " + stack + " does not exist in " + region + " (no state file, no resource with its names, nothing"
                    + " tagged " + StackConfig.TAG_KEY + "=" + stack + "): nothing to delete." + nl;
        }
        StringBuilder b = new StringBuilder();
        b.append("Deleted ").append(deleted.size()).append(" resources of stack ").append(stack).append(" in ")
                .append(region).append('.').append(nl);
        for (Resource r : skipped) {
            b.append("left alone: ").append(r.kind().label()).append(' ').append(r.name()).append(" exists without the tag ")
                    .append(StackConfig.TAG_KEY).append('=').append(stack).append(", so it is not the stack's").append(nl);
        }
        if (leftovers.isEmpty()) {
            b.append("Tag scan: nothing tagged ").append(StackConfig.TAG_KEY).append('=').append(stack)
                    .append(" is left.").append(nl);
        } else {
            b.append("Tag scan: ").append(leftovers.size()).append(" resources tagged ").append(StackConfig.TAG_KEY)
                    .append('=').append(stack).append(" are still there; delete them yourself (logpipe did not create"
                    + " them under these names) or run down again if they are still being deleted:").append(nl);
            leftovers.forEach(l -> b.append("  ").append(l).append(nl));
        }
        return b.toString();
    }
}
