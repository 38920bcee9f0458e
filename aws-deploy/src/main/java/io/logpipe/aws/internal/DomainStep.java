package io.logpipe.aws.internal;

import io.logpipe.aws.PriceTable;
import io.logpipe.aws.Progress;
import io.logpipe.aws.Resource;
import io.logpipe.aws.ResourceKind;
import io.logpipe.aws.StackConfig;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.opensearch.model.DomainStatus;
import software.amazon.awssdk.services.opensearch.model.OpenSearchPartitionInstanceType;
import software.amazon.awssdk.services.opensearch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.opensearch.model.Tag;
import software.amazon.awssdk.services.opensearch.model.TLSSecurityPolicy;
import software.amazon.awssdk.services.opensearch.model.VolumeType;

/**
 * The OpenSearch Service domain: one {@code t3.small.search} node, a gp3 volume, HTTPS only (TLS 1.2),
 * encryption at rest and node-to-node, and an access policy that admits only Firehose #2's role and the
 * caller. Creation takes 10-20 minutes.
 */
public final class DomainStep extends Step {

    /** The engine version: {@value}. */
    public static final String ENGINE = "OpenSearch_2.19";

    /**
     * Creates the step.
     *
     * @param ctx the stack
     */
    public DomainStep(StackContext ctx) {
        super(ctx);
    }

    private OpenSearchClient os() {
        return ctx.clients().openSearch();
    }

    @Override
    public Resource resource() {
        return new Resource(ResourceKind.DOMAIN, ctx.config().domainName(), ctx.domainArn());
    }

    /**
     * Describes the domain.
     *
     * @return its status, or {@code null} if it does not exist
     */
    public @Nullable DomainStatus status() {
        try {
            return ctx.calls().call("es:DescribeDomain", resource().arn(),
                    () -> os().describeDomain(r -> r.domainName(ctx.config().domainName()))).domainStatus();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    @Override
    public Presence presence() {
        DomainStatus s = status();
        if (s == null) {
            return Presence.ABSENT;
        }
        Map<String, String> tags = ctx.calls().call("es:ListTags", s.arn(), () -> os().listTags(r -> r.arn(s.arn())))
                .tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return ctx.ours(tags) ? Presence.OURS : Presence.FOREIGN;
    }

    @Override
    public void create() {
        StackConfig c = ctx.config();
        ctx.calls().run("es:CreateDomain", resource().arn(), () -> os().createDomain(r -> r
                .domainName(c.domainName())
                .engineVersion(ENGINE)
                .clusterConfig(cc -> cc.instanceType(OpenSearchPartitionInstanceType.fromValue(c.instanceType()))
                        .instanceCount(1).dedicatedMasterEnabled(false).zoneAwarenessEnabled(false))
                .ebsOptions(e -> e.ebsEnabled(true).volumeType(VolumeType.GP3).volumeSize(c.volumeGiB()))
                .encryptionAtRestOptions(e -> e.enabled(true))
                .nodeToNodeEncryptionOptions(n -> n.enabled(true))
                .domainEndpointOptions(d -> d.enforceHTTPS(true).tlsSecurityPolicy(TLSSecurityPolicy.POLICY_MIN_TLS_1_2_2019_07))
                .accessPolicies(Policies.domainAccess(ctx))
                .tagList(Tag.builder().key(StackConfig.TAG_KEY).value(ctx.stack()).build())));
    }

    @Override
    public void awaitReady(Progress progress) {
        await(progress, "creating", ctx.config().domainTimeout(), () -> {
            DomainStatus s = status();
            return s != null && Boolean.TRUE.equals(s.created()) && !Boolean.TRUE.equals(s.processing())
                    && s.endpoint() != null;
        }, () -> {
            DomainStatus s = status();
            return s == null ? "missing" : Boolean.TRUE.equals(s.processing()) ? "processing" : "starting";
        });
    }

    @Override
    protected String waitHint() {
        return "; a new domain takes 10-20 minutes";
    }

    @Override
    public String describe() {
        DomainStatus s = status();
        if (s == null) {
            return "missing";
        }
        if (Boolean.TRUE.equals(s.deleted())) {
            return "deleting";
        }
        return (Boolean.TRUE.equals(s.processing()) ? "processing" : "active")
                + (s.endpoint() == null ? "" : ", https://" + s.endpoint());
    }

    @Override
    public void delete() {
        ctx.calls().run("es:DeleteDomain", resource().arn(),
                () -> os().deleteDomain(r -> r.domainName(ctx.config().domainName())));
    }

    @Override
    public void awaitGone(Progress progress) {
        await(progress, "deleting", ctx.config().domainTimeout(), () -> status() == null, () -> "deleting");
    }

    @Override
    public double hourlyCost() {
        return PriceTable.openSearchHour(1, ctx.config().volumeGiB());
    }

    @Override
    public String costNote() {
        return "1 x " + ctx.config().instanceType() + " + " + ctx.config().volumeGiB() + " GiB gp3";
    }
}
