package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A resource the stack needs already exists but does not carry the stack's tag: it belongs to someone
 * else, and logpipe neither adopts nor deletes it.
 */
@API(status = EXPERIMENTAL)
public final class NameTakenException extends AwsDeployException {

    private static final long serialVersionUID = 1L;

    private final String resourceName;

    /**
     * Creates the exception.
     *
     * @param kind the kind of resource
     * @param name its name
     * @param stack the stack name
     */
    public NameTakenException(ResourceKind kind, String name, String stack) {
        super(kind.label() + " '" + name + "' already exists and is not tagged " + StackConfig.TAG_KEY + "=" + stack
                + ", so it is not part of this stack and logpipe leaves it alone. Delete or rename it yourself,"
                + " or choose another stack name (--stack NAME) so the stack's names differ.", "NameTaken", null, false);
        this.resourceName = name;
    }

    /**
     * Returns the name that is taken.
     *
     * @return the resource name
     */
    public String resourceName() {
        return resourceName;
    }
}
