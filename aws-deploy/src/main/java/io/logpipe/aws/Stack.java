package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.aws.internal.ApplicationStep;
import io.logpipe.aws.internal.BucketStep;
import io.logpipe.aws.internal.Calls;
import io.logpipe.aws.internal.DomainStep;
import io.logpipe.aws.internal.JobCodeStep;
import io.logpipe.aws.internal.LogGroupStep;
import io.logpipe.aws.internal.Policies;
import io.logpipe.aws.internal.RoleStep;
import io.logpipe.aws.internal.StackContext;
import io.logpipe.aws.internal.Step;
import io.logpipe.aws.internal.Step.Presence;
import io.logpipe.aws.internal.StreamStep;
import io.logpipe.es.AwsSigV4Auth;
import java.io.IOException;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.services.opensearch.model.DomainStatus;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The tutorial's stack on AWS: {@link #plan()}, {@link #up(Progress)}, {@link #status()} and
 * {@link #down(Progress)}.
 *
 * <pre>{@code
 * try (AwsClients clients = AwsClients.builder().region(Region.US_EAST_1).build()) {
 *     Stack stack = Stack.of(StackConfig.builder().jobJar(jar).build(), clients);
 *     System.out.print(stack.plan().render());          // read-only, with the cost per hour
 *     stack.up(e -> System.out.println(e.line()));      // idempotent; re-run to resume
 *     System.out.print(stack.down(Progress.NONE).render());
 * }
 * }</pre>
 *
 * <p>Resources, in creation order: the bucket, the job jar, three IAM roles, the log group, the
 * OpenSearch domain, both delivery streams, the Managed Flink application. {@code up} looks each one up
 * first and creates only what is missing, recording every ARN in the {@link StackState} file before
 * creating it, so an interrupted run is resumed by running it again; a resource with one of the stack's
 * names but without its tag stops {@code up} with a {@link NameTakenException}. {@code down} deletes in
 * the reverse dependency order (application, log group, streams, domain, the emptied bucket, roles),
 * only what carries the tag, waits until each is gone, and scans the Resource Groups Tagging API (and
 * the stack's IAM path) for anything left.
 *
 * <p>The clients are the caller's and are not closed here. Not thread-safe: run one operation at a time.
 */
@API(status = EXPERIMENTAL)
public final class Stack {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    private final StackConfig config;
    private final AwsClients clients;
    private final Clock clock;
    private @Nullable StackContext ctx;

    private Stack(StackConfig config, AwsClients clients, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the stack for a configuration.
     *
     * @param config the names and settings
     * @param clients the SDK clients (owned by the caller)
     * @return the stack
     */
    public static Stack of(StackConfig config, AwsClients clients) {
        return new Stack(config, clients, Clock.systemUTC());
    }

    /**
     * Returns the stack with a clock for the cost so far (tests).
     *
     * @param config the names and settings
     * @param clients the SDK clients
     * @param clock the clock
     * @return the stack
     */
    public static Stack of(StackConfig config, AwsClients clients, Clock clock) {
        return new Stack(config, clients, clock);
    }

    /** @return the configuration */
    public StackConfig config() {
        return config;
    }

    /** @return the region id */
    public String region() {
        return clients.region().id();
    }

    /**
     * Checks the region offers every service, then asks STS who the caller is.
     *
     * @return the context
     */
    private StackContext context() {
        if (ctx != null) {
            return ctx;
        }
        String region = clients.region().id();
        Map<String, String> services = Map.of("firehose", "Amazon Data Firehose", "es", "Amazon OpenSearch Service",
                "kinesisanalytics", "Amazon Managed Service for Apache Flink", "logs", "Amazon CloudWatch Logs",
                "s3", "Amazon S3");
        for (Map.Entry<String, String> s : services.entrySet()) {
            List<software.amazon.awssdk.regions.Region> regions = ServiceMetadata.of(s.getKey()).regions();
            if (!regions.isEmpty() && !regions.contains(clients.region())) {
                throw new AwsDeployException(s.getValue() + " is not available in region " + region + " (per the AWS SDK's"
                        + " endpoint list). Choose a region that has every service of the stack with --region, for example"
                        + " us-east-1, us-west-2 or eu-west-1.", "RegionUnsupported", null, false);
            }
        }
        GetCallerIdentityResponse id;
        try {
            id = new Calls("your identity").call("sts:GetCallerIdentity", "*", () -> clients.sts().getCallerIdentity());
        } catch (SdkClientException e) {
            throw Calls.missingCredentials(e);
        }
        ctx = new StackContext(config, clients, id.account(), id.arn());
        return ctx;
    }

    private List<Step> steps(StackContext c) {
        LogGroupStep logs = new LogGroupStep(c);
        List<Step> steps = new ArrayList<>();
        steps.add(new BucketStep(c));
        steps.add(new JobCodeStep(c));
        steps.add(new RoleStep(c, c.firehoseS3Role(), "firehose.amazonaws.com", Policies::firehoseS3,
                "Firehose " + config.ingestionStream() + " writes raw records to the bucket"));
        steps.add(new RoleStep(c, c.firehoseOpenSearchRole(), "firehose.amazonaws.com", Policies::firehoseOpenSearch,
                "Firehose " + config.aggregatedStream() + " writes to the domain"));
        steps.add(new RoleStep(c, c.analyticsRole(), "kinesisanalytics.amazonaws.com", Policies::analytics,
                "the Managed Flink application reads raw records and writes aggregates"));
        steps.add(logs);
        steps.add(new DomainStep(c));
        steps.add(new StreamStep(c, config.ingestionStream(), StreamStep::ingestion, true));
        steps.add(new StreamStep(c, config.aggregatedStream(), StreamStep::aggregated, false));
        steps.add(new ApplicationStep(c, logs.streamArn()));
        return steps;
    }

    private StackState state(StackContext c) {
        Path file = config.stateFile() != null ? config.stateFile() : StackState.defaultFile(c.stack(), c.region());
        return StackState.load(file, c.stack(), c.region());
    }

    /**
     * Returns the resources of the stack (the ARNs are derived, so this needs the caller's account).
     *
     * @return the resources, in creation order
     */
    public List<Resource> resources() {
        return steps(context()).stream().map(Step::resource).toList();
    }

    /**
     * Plans the stack: which resources {@code up} would create and what they cost. Read-only calls only.
     *
     * @return the plan
     * @throws AwsDeployException if credentials are missing, the region lacks a service, or access is denied
     */
    public Plan plan() {
        StackContext c = context();
        List<Plan.Item> items = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean bucketOurs = true;
        for (Step s : steps(c)) {
            Presence p;
            if (s instanceof JobCodeStep && !bucketOurs) {
                p = Presence.ABSENT;
            } else {
                p = s.presence();
            }
            if (s instanceof BucketStep) {
                bucketOurs = p == Presence.OURS;
            }
            Plan.Action a = p == Presence.ABSENT ? Plan.Action.CREATE : p == Presence.OURS ? Plan.Action.EXISTS
                    : Plan.Action.TAKEN;
            if (a == Plan.Action.TAKEN) {
                warnings.add(new NameTakenException(s.resource().kind(), s.resource().name(), c.stack()).getMessage());
            }
            if (s instanceof JobCodeStep && a == Plan.Action.CREATE && (config.jobJar() == null
                    || !java.nio.file.Files.isRegularFile(config.jobJar()))) {
                warnings.add("up needs the analytics job jar: build it with `./mvnw -B -pl analytics-flink -am -Pquick"
                        + " -DskipTests package` and pass --job-jar analytics-flink/target/analytics-flink-<version>-job.jar");
            }
            items.add(new Plan.Item(s.resource(), a, s.hourlyCost(), s.costNote()));
        }
        return new Plan(c.stack(), c.region(), c.account(), items, warnings);
    }

    /**
     * Creates whatever of the stack is missing, in dependency order, and waits for each resource (the
     * domain takes 10-20 minutes; {@code progress} hears about every wait). Running it again creates
     * nothing new; running it after an interruption finishes the job.
     *
     * @param progress where to report each step
     * @return the resources of the stack
     * @throws NameTakenException if a name is taken by a resource without the stack's tag
     * @throws AwsDeployException if a call fails, with the fix in its message
     */
    public List<Resource> up(Progress progress) {
        StackContext c = context();
        StackState state = state(c);
        List<Resource> done = new ArrayList<>();
        for (Step s : steps(c)) {
            Resource r = s.resource();
            Presence p = s.presence();
            if (p == Presence.FOREIGN && !(s instanceof BucketStep && state.find(r.arn()).isPresent())) {
                throw new NameTakenException(r.kind(), r.name(), c.stack());
            }
            if (p == Presence.OURS) {
                progress.report(new Progress.Event(r, Progress.Phase.EXISTS, ""));
                if (state.find(r.arn()).isEmpty()) {
                    state.created(r, clock.instant());   // the state file was lost: relearn it
                }
            } else {
                progress.report(new Progress.Event(r, Progress.Phase.CREATING, ""));
                state.created(r, state.find(r.arn()).map(StackState.Entry::createdAt).orElse(clock.instant()));
                s.create();
            }
            s.awaitReady(progress);
            if (p != Presence.OURS) {
                progress.report(new Progress.Event(r, Progress.Phase.CREATED, ""));
            } else {
                progress.report(new Progress.Event(r, Progress.Phase.READY, ""));
            }
            done.add(r);
        }
        LOG.debug("Stack is up [stack={}, region={}, resources={}]", c.stack(), c.region(), done.size());
        return done;
    }

    /**
     * Describes each resource, the data flowing (raw objects in the bucket, the streams' and the
     * application's states, the index's document count through SigV4) and the cost since creation.
     * Read-only calls only.
     *
     * @return the status
     */
    public StackStatus status() {
        StackContext c = context();
        StackState state = state(c);
        Instant now = clock.instant();
        List<StackStatus.Item> items = new ArrayList<>();
        double cost = 0;
        DomainStatus domain = null;
        boolean bucketOurs = true;
        for (Step s : steps(c)) {
            Resource r = s.resource();
            Presence p = s instanceof JobCodeStep && !bucketOurs ? Presence.ABSENT : s.presence();
            if (s instanceof BucketStep) {
                bucketOurs = p == Presence.OURS;
            }
            Instant created = state.find(r.arn()).map(StackState.Entry::createdAt).orElse(null);
            String text = p == Presence.OURS ? s.describe() : p == Presence.FOREIGN ? "name taken outside the stack" : "";
            items.add(new StackStatus.Item(r, p == Presence.OURS, text, created));
            if (p == Presence.OURS && created != null) {
                cost += s.hourlyCost() * Math.max(0, Duration.between(created, now).toSeconds()) / 3600.0;
            }
            if (s instanceof DomainStep && p == Presence.OURS) {
                domain = ((DomainStep) s).status();
            }
        }
        return new StackStatus(c.stack(), c.region(), items, documents(c, domain), cost);
    }

    private long documents(StackContext c, @Nullable DomainStatus domain) {
        URI base = clients.endpoint("domain");
        if (base == null) {
            String endpoint = domain == null ? null : domain.endpoint();
            if (endpoint == null) {
                return -1;
            }
            base = URI.create("https://" + endpoint);
        }
        URI uri = base.resolve("/" + config.indexName() + "/_count");
        try {
            AwsSigV4Auth auth = AwsSigV4Auth.of(c.region(), AwsSigV4Auth.SERVICE_ES, clients.credentials());
            Map<String, String> headers = auth.headers("GET", uri, Map.of(), new byte[0]);
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
            headers.forEach((k, v) -> {
                if (!"host".equalsIgnoreCase(k)) {
                    req.header(k, v);
                }
            });
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 404) {
                return 0;        // no document delivered yet: the index does not exist
            }
            if (res.statusCode() != 200) {
                LOG.debug("Index count failed [status={}, uri={}]", res.statusCode(), uri);
                return -1;
            }
            return new ObjectMapper().readTree(res.body()).path("count").asLong(-1);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Index count failed [uri={}]", uri, e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Deletes everything the stack created, in reverse dependency order, waiting until each is gone, then
     * scans for anything still tagged with the stack. A resource with a stack name but without the
     * stack's tag is never touched (it is reported as skipped). A stack that does not exist is reported
     * as such ({@link DownReport#existed()} is {@code false}).
     *
     * @param progress where to report each step
     * @return the report
     */
    public DownReport down(Progress progress) {
        StackContext c = context();
        StackState state = state(c);
        List<Step> steps = steps(c);
        Step bucket = steps.get(0);
        Step jobCode = steps.get(1);
        List<Step> order = new ArrayList<>();
        order.add(steps.get(9));           // application
        order.add(steps.get(5));           // its log group
        order.add(steps.get(8));           // web-log-aggregated-data
        order.add(steps.get(7));           // web-log-ingestion-stream
        order.add(steps.get(6));           // domain
        order.add(jobCode);
        order.add(bucket);
        order.add(steps.get(2));           // roles last: the streams and the app use them until deleted
        order.add(steps.get(3));
        order.add(steps.get(4));
        boolean existed = !state.entries().isEmpty();
        List<Resource> deleted = new ArrayList<>();
        List<Resource> skipped = new ArrayList<>();
        boolean bucketOurs = bucket.presence() == Presence.OURS;
        for (Step s : order) {
            Resource r = s.resource();
            Presence p = s == jobCode && !bucketOurs ? Presence.ABSENT : s.presence();
            if (p == Presence.ABSENT) {
                state.deleted(r.arn());
                progress.report(new Progress.Event(r, Progress.Phase.ABSENT, ""));
                continue;
            }
            existed = true;
            if (p == Presence.FOREIGN) {
                skipped.add(r);
                progress.report(new Progress.Event(r, Progress.Phase.SKIPPED, "not tagged " + StackConfig.TAG_KEY + "="
                        + c.stack()));
                continue;
            }
            progress.report(new Progress.Event(r, Progress.Phase.DELETING, ""));
            s.delete();
            s.awaitGone(progress);
            state.deleted(r.arn());
            deleted.add(r);
            progress.report(new Progress.Event(r, Progress.Phase.DELETED, ""));
        }
        List<String> leftovers = leftovers(c, deleted);
        existed |= !leftovers.isEmpty();
        for (String arn : leftovers) {
            progress.report(new Progress.Event(new Resource(kindOf(arn), arn, arn), Progress.Phase.LEFTOVER, "tagged "
                    + StackConfig.TAG_KEY + "=" + c.stack()));
        }
        return new DownReport(c.stack(), c.region(), existed, deleted, skipped, leftovers);
    }

    private List<String> leftovers(StackContext c, List<Resource> deleted) {
        Set<String> gone = new LinkedHashSet<>();
        deleted.forEach(r -> gone.add(r.arn()));
        Set<String> left = new LinkedHashSet<>();
        for (ResourceTagMapping m : c.calls().call("tag:GetResources", "*", () -> clients.tagging()
                .getResourcesPaginator(r -> r.tagFilters(TagFilter.builder().key(StackConfig.TAG_KEY)
                        .values(c.stack()).build())).resourceTagMappingList())) {
            // the tagging index lags deletions by minutes: what was just deleted may still be listed
            if (!gone.contains(m.resourceARN()) && !gone.contains(m.resourceARN().replaceFirst(":\\*$", ""))) {
                left.add(m.resourceARN());
            }
        }
        c.calls().call("iam:ListRoles", "*", () -> clients.iam().listRolesPaginator(r -> r.pathPrefix(config.rolePath()))
                .roles()).forEach(role -> left.add(role.arn()));
        return new ArrayList<>(left);
    }

    private static ResourceKind kindOf(String arn) {
        String[] p = arn.split(":", 6);
        String service = p.length > 2 ? p[2] : "";
        switch (service) {
            case "s3":
                return ResourceKind.BUCKET;
            case "iam":
                return ResourceKind.ROLE;
            case "logs":
                return ResourceKind.LOG_GROUP;
            case "es":
                return ResourceKind.DOMAIN;
            case "firehose":
                return ResourceKind.DELIVERY_STREAM;
            default:
                return ResourceKind.APPLICATION;
        }
    }
}
