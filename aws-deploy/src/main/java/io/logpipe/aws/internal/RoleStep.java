package io.logpipe.aws.internal;

import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM role under the stack's path, with one inline policy scoped to the stack's ARNs. Deleting removes
 * its inline policies first (IAM refuses to delete a role that has any).
 */
public final class RoleStep extends Step {

    /** The name of the role's inline policy: {@value}. */
    public static final String POLICY_NAME = "logpipe-least-privilege";

    private final String name;
    private final String service;
    private final Function<StackContext, String> policy;
    private final String purpose;

    /**
     * Creates the step.
     *
     * @param ctx the stack
     * @param name the role name
     * @param service the service that assumes it, for example {@code firehose.amazonaws.com}
     * @param policy its inline policy
     * @param purpose what the role is for, for messages
     */
    public RoleStep(StackContext ctx, String name, String service, Function<StackContext, String> policy, String purpose) {
        super(ctx);
        this.name = name;
        this.service = service;
        this.policy = policy;
        this.purpose = purpose;
    }

    private IamClient iam() {
        return ctx.clients().iam();
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.ROLE, name, ctx.roleArn(name));
    }

    private Role role() {
        return ctx.calls().call("iam:GetRole", resource().arn(), () -> iam().getRole(r -> r.roleName(name))).role();
    }

    @Override
    public Presence presence() {
        Role role;
        try {
            role = role();
        } catch (NoSuchEntityException e) {
            return Presence.ABSENT;
        }
        Map<String, String> tags = role.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b,
                HashMap::new));
        return ctx.ours(tags) && ctx.config().rolePath().equals(role.path()) ? Presence.OURS : Presence.FOREIGN;
    }

    @Override
    public void create() {
        String arn = resource().arn();
        try {
            ctx.calls().run("iam:CreateRole", arn, () -> iam().createRole(r -> r.roleName(name)
                    .path(ctx.config().rolePath())
                    .description("logpipe stack " + ctx.stack() + ": " + purpose)
                    .assumeRolePolicyDocument(Policies.trust(service, ctx.account()))
                    .tags(Tag.builder().key(io.logpipe.aws.StackConfig.TAG_KEY).value(ctx.stack()).build())));
        } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException e) {
            // created by an interrupted run between GetRole and here: the policy below completes it
        }
        ensurePolicy();
    }

    @Override
    public void awaitReady(io.logpipe.aws.Progress progress) {
        ensurePolicy();      // a run interrupted between CreateRole and PutRolePolicy left the role without it
    }

    private void ensurePolicy() {
        String arn = resource().arn();
        boolean has = ctx.calls().call("iam:ListRolePolicies", arn,
                () -> iam().listRolePolicies(r -> r.roleName(name))).policyNames().contains(POLICY_NAME);
        if (!has) {
            ctx.calls().run("iam:PutRolePolicy", arn, () -> iam().putRolePolicy(r -> r.roleName(name)
                    .policyName(POLICY_NAME).policyDocument(policy.apply(ctx))));
        }
    }

    @Override
    public String describe() {
        return "assumable by " + service;
    }

    @Override
    public void delete() {
        String arn = resource().arn();
        for (String p : ctx.calls().call("iam:ListRolePolicies", arn,
                () -> iam().listRolePolicies(r -> r.roleName(name))).policyNames()) {
            ctx.calls().run("iam:DeleteRolePolicy", arn, () -> iam().deleteRolePolicy(r -> r.roleName(name).policyName(p)));
        }
        for (var attached : ctx.calls().call("iam:ListAttachedRolePolicies", arn,
                () -> iam().listAttachedRolePolicies(r -> r.roleName(name))).attachedPolicies()) {
            ctx.calls().run("iam:DetachRolePolicy", arn,
                    () -> iam().detachRolePolicy(r -> r.roleName(name).policyArn(attached.policyArn())));
        }
        ctx.calls().run("iam:DeleteRole", arn, () -> iam().deleteRole(r -> r.roleName(name)));
    }
}
