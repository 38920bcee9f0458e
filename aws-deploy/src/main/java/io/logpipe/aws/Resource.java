package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One resource of the stack: its kind, name and ARN (known before it exists: every ARN of the stack
 * is derived from the account, region and names).
 *
 * @param kind the kind
 * @param name the resource's name (for an object, its key)
 * @param arn its ARN
 */
@API(status = EXPERIMENTAL)
public record Resource(ResourceKind kind, String name, String arn) {
    /** Validates the components. */
    public Resource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
    }
}
