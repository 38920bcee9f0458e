package io.logpipe.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful HTTP stand-in for the AWS control plane no emulator exists for here: IAM and STS (awsQuery:
 * form POST, XML answers), OpenSearch Service (REST-JSON under {@code /2021-01-01/}), Managed Flink
 * ({@code kinesisanalyticsv2}), CloudWatch Logs and the Resource Groups Tagging API (JSON 1.1, routed on
 * {@code X-Amz-Target}). One port for all: a request is routed by the signing name in its SigV4
 * {@code Authorization} header. Answers are shaped as the services document them (the real SDK parses
 * them); every operation is recorded as {@code service:Operation} for the tests to assert.
 */
public final class FakeControlPlane implements AutoCloseable {

    public static final String ACCOUNT = "000000000000";
    static final String CALLER = "arn:aws:iam::" + ACCOUNT + ":user/tester";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

    /** A role: path, tags, inline policies. */
    record Role(String name, String path, Map<String, String> tags, Map<String, String> policies, String trust) { }

    /** A control-plane resource with tags and a status countdown. */
    static final class Thing {
        final String arn;
        final String name;
        final Map<String, String> tags;
        final JsonNode request;
        volatile String status;
        volatile int pollsLeft;
        final long created = System.currentTimeMillis() / 1000;

        Thing(String arn, String name, Map<String, String> tags, JsonNode request, String status, int polls) {
            this.arn = arn;
            this.name = name;
            this.tags = tags;
            this.request = request;
            this.status = status;
            this.pollsLeft = polls;
        }
    }

    private final HttpServer server;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Role> roles = new ConcurrentHashMap<>();
    final Map<String, Thing> domains = new ConcurrentHashMap<>();
    final Map<String, Thing> apps = new ConcurrentHashMap<>();
    final Map<String, Thing> logGroups = new ConcurrentHashMap<>();
    final Map<String, Set<String>> logStreams = new ConcurrentHashMap<>();
    /** ARNs the tagging API lists besides the resources held here (resources of other services). */
    final Map<String, Map<String, String>> planted = new ConcurrentHashMap<>();
    final Set<String> denied = ConcurrentHashMap.newKeySet();
    volatile int domainPolls = 2;
    volatile long documents = 42;
    volatile String lastCountAuthorization = "";

    public FakeControlPlane() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Returns the operations recorded, such as {@code iam:CreateRole}. */
    public List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    long count(String op) {
        return calls().stream().filter(op::equals).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            Matcher m = SERVICE.matcher(auth);
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/_count")) {
                lastCountAuthorization = auth;
                calls.add("es-http:GET " + path);
                json(ex, 200, JSON.createObjectNode().put("count", documents));
                return;
            }
            String service = m.find() ? m.group(1) : "";
            switch (service) {
                case "iam":
                case "sts":
                    query(ex, service, form(new String(body, StandardCharsets.UTF_8)));
                    break;
                case "es":
                    openSearch(ex, body);
                    break;
                default:
                    String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
                    String op = target.substring(target.indexOf('.') + 1);
                    JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                    if (target.startsWith("KinesisAnalytics_20180523.")) {
                        analytics(ex, op, req);
                    } else if (target.startsWith("Logs_20140328.")) {
                        logs(ex, op, req);
                    } else if (target.startsWith("ResourceGroupsTaggingAPI_20170126.")) {
                        tagging(ex, op, req);
                    } else {
                        jsonError(ex, 400, "UnknownOperationException", "no route for " + service + " " + target);
                    }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    // ---- IAM and STS (awsQuery) ----

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private void query(HttpExchange ex, String service, Map<String, String> p) throws IOException {
        String action = p.get("Action");
        String op = service + ":" + action;
        calls.add(op);
        if (denied.contains(op)) {
            xmlError(ex, 403, "AccessDenied", "User: " + CALLER + " is not authorized to perform: " + op
                    + " on resource: role " + p.get("RoleName") + " because no identity-based policy allows the " + op
                    + " action");
            return;
        }
        if (service.equals("sts")) {
            xml(ex, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Arn>" + CALLER + "</Arn><UserId>AIDAFAKE</UserId><Account>" + ACCOUNT + "</Account>"
                    + "</GetCallerIdentityResult>" + meta() + "</GetCallerIdentityResponse>");
            return;
        }
        String name = p.get("RoleName");
        Role role = name == null ? null : roles.get(name);
        switch (action) {
            case "GetRole":
                if (role == null) {
                    noSuchRole(ex, name);
                } else {
                    xml(ex, wrap(action, "<Role>" + roleXml(role) + "</Role>"));
                }
                break;
            case "CreateRole":
                if (role != null) {
                    xmlError(ex, 409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
                    break;
                }
                Map<String, String> tags = new LinkedHashMap<>();
                for (int i = 1; p.containsKey("Tags.member." + i + ".Key"); i++) {
                    tags.put(p.get("Tags.member." + i + ".Key"), p.getOrDefault("Tags.member." + i + ".Value", ""));
                }
                Role r = new Role(name, p.getOrDefault("Path", "/"), tags, new ConcurrentHashMap<>(),
                        p.get("AssumeRolePolicyDocument"));
                roles.put(name, r);
                xml(ex, wrap(action, "<Role>" + roleXml(r) + "</Role>"));
                break;
            case "PutRolePolicy":
                if (role == null) {
                    noSuchRole(ex, name);
                } else {
                    role.policies().put(p.get("PolicyName"), p.get("PolicyDocument"));
                    xml(ex, "<PutRolePolicyResponse xmlns=\"" + IAM_NS + "\">" + meta() + "</PutRolePolicyResponse>");
                }
                break;
            case "ListRolePolicies":
                if (role == null) {
                    noSuchRole(ex, name);
                } else {
                    StringBuilder b = new StringBuilder("<PolicyNames>");
                    role.policies().keySet().forEach(n -> b.append("<member>").append(n).append("</member>"));
                    xml(ex, wrap(action, b.append("</PolicyNames><IsTruncated>false</IsTruncated>").toString()));
                }
                break;
            case "ListAttachedRolePolicies":
                xml(ex, wrap(action, "<AttachedPolicies/><IsTruncated>false</IsTruncated>"));
                break;
            case "DeleteRolePolicy":
                if (role != null) {
                    role.policies().remove(p.get("PolicyName"));
                }
                xml(ex, "<DeleteRolePolicyResponse xmlns=\"" + IAM_NS + "\">" + meta() + "</DeleteRolePolicyResponse>");
                break;
            case "DeleteRole":
                if (role == null) {
                    noSuchRole(ex, name);
                } else if (!role.policies().isEmpty()) {
                    xmlError(ex, 409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
                } else {
                    roles.remove(name);
                    xml(ex, "<DeleteRoleResponse xmlns=\"" + IAM_NS + "\">" + meta() + "</DeleteRoleResponse>");
                }
                break;
            case "ListRoles":
                String prefix = p.getOrDefault("PathPrefix", "/");
                StringBuilder b = new StringBuilder("<Roles>");
                roles.values().stream().filter(x -> x.path().startsWith(prefix))
                        .forEach(x -> b.append("<member>").append(roleXml(x)).append("</member>"));
                xml(ex, wrap(action, b.append("</Roles><IsTruncated>false</IsTruncated>").toString()));
                break;
            default:
                xmlError(ex, 400, "InvalidAction", "Could not find operation " + action);
        }
    }

    static String roleArn(Role r) {
        return "arn:aws:iam::" + ACCOUNT + ":role" + r.path() + r.name();
    }

    private static String roleXml(Role r) {
        StringBuilder tags = new StringBuilder("<Tags>");
        r.tags().forEach((k, v) -> tags.append("<member><Key>").append(k).append("</Key><Value>").append(v)
                .append("</Value></member>"));
        return "<Path>" + r.path() + "</Path><RoleName>" + r.name() + "</RoleName><RoleId>AROAFAKE" + Math.abs(r.name()
                .hashCode()) + "</RoleId><Arn>" + roleArn(r) + "</Arn><CreateDate>2026-12-03T10:00:00Z</CreateDate>"
                + tags + "</Tags>";
    }

    private void noSuchRole(HttpExchange ex, String name) throws IOException {
        xmlError(ex, 404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    private static String wrap(String action, String result) {
        return "<" + action + "Response xmlns=\"" + IAM_NS + "\"><" + action + "Result>" + result + "</" + action
                + "Result>" + meta() + "</" + action + "Response>";
    }

    private static String meta() {
        return "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>";
    }

    private static void xml(HttpExchange ex, String body) throws IOException {
        send(ex, 200, "text/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void xmlError(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, "text/xml", ("<ErrorResponse xmlns=\"" + IAM_NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>7a62c49f</RequestId></ErrorResponse>")
                .getBytes(StandardCharsets.UTF_8));
    }

    // ---- OpenSearch Service (REST-JSON) ----

    private void openSearch(HttpExchange ex, byte[] body) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String query = String.valueOf(ex.getRequestURI().getRawQuery());
        if (path.equals("/2021-01-01/opensearch/domain") && method.equals("POST")) {
            calls.add("es:CreateDomain");
            if (denied.contains("es:CreateDomain")) {
                restError(ex, 403, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform:"
                        + " es:CreateDomain");
                return;
            }
            JsonNode req = JSON.readTree(body);
            String name = req.path("DomainName").asText();
            if (domains.containsKey(name)) {
                restError(ex, 409, "ResourceAlreadyExistsException", "domain " + name + " already exists");
                return;
            }
            Thing t = new Thing("arn:aws:es:us-east-1:" + ACCOUNT + ":domain/" + name, name, tagList(req.path("TagList")),
                    req, "processing", domainPolls);
            domains.put(name, t);
            json(ex, 200, domainStatus(t));
        } else if (path.startsWith("/2021-01-01/opensearch/domain/")) {
            String name = path.substring("/2021-01-01/opensearch/domain/".length());
            Thing t = domains.get(name);
            if (method.equals("GET")) {
                calls.add("es:DescribeDomain");
                if (t == null) {
                    restError(ex, 409, "ResourceNotFoundException", "Domain not found: " + name);
                    return;
                }
                if (t.status.equals("deleting")) {
                    if (t.pollsLeft-- <= 0) {
                        domains.remove(name);
                        restError(ex, 409, "ResourceNotFoundException", "Domain not found: " + name);
                        return;
                    }
                } else if (t.pollsLeft-- <= 0) {
                    t.status = "active";
                }
                json(ex, 200, domainStatus(t));
            } else if (method.equals("DELETE")) {
                calls.add("es:DeleteDomain");
                if (t == null) {
                    restError(ex, 409, "ResourceNotFoundException", "Domain not found: " + name);
                    return;
                }
                t.status = "deleting";
                t.pollsLeft = 1;
                json(ex, 200, domainStatus(t));
            }
        } else if (path.startsWith("/2021-01-01/tags")) {
            calls.add("es:ListTags");
            String arn = URLDecoder.decode(query.replaceFirst("^arn=", ""), StandardCharsets.UTF_8);
            Thing t = domains.values().stream().filter(d -> d.arn.equals(arn)).findFirst().orElse(null);
            ObjectNode r = JSON.createObjectNode();
            ArrayNode a = r.putArray("TagList");
            if (t != null) {
                t.tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
            }
            json(ex, 200, r);
        } else {
            restError(ex, 404, "ResourceNotFoundException", "no route " + method + " " + path);
        }
    }

    private ObjectNode domainStatus(Thing t) {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode s = r.putObject("DomainStatus");
        s.put("DomainId", ACCOUNT + "/" + t.name);
        s.put("DomainName", t.name);
        s.put("ARN", t.arn);
        s.put("Created", true);
        s.put("Deleted", t.status.equals("deleting"));
        s.put("Processing", !t.status.equals("active"));
        s.put("EngineVersion", t.request.path("EngineVersion").asText());
        s.set("ClusterConfig", t.request.path("ClusterConfig"));
        if (t.status.equals("active")) {
            s.put("Endpoint", "search-" + t.name + "-fake.us-east-1.es.amazonaws.com");
        }
        return r;
    }

    // ---- Managed Flink (kinesisanalyticsv2) ----

    private void analytics(HttpExchange ex, String op, JsonNode req) throws IOException {
        calls.add("kinesisanalytics:" + op);
        String name = req.path("ApplicationName").asText();
        Thing t = apps.get(name);
        switch (op) {
            case "CreateApplication":
                if (t != null) {
                    jsonError(ex, 400, "ResourceInUseException", "Application " + name + " already exists");
                    return;
                }
                t = new Thing("arn:aws:kinesisanalytics:us-east-1:" + ACCOUNT + ":application/" + name, name,
                        tagList(req.path("Tags")), req, "READY", 0);
                apps.put(name, t);
                json(ex, 200, appDetail(t));
                return;
            case "ListTagsForResource":
                String arn = req.path("ResourceARN").asText();
                ObjectNode r = JSON.createObjectNode();
                ArrayNode a = r.putArray("Tags");
                apps.values().stream().filter(x -> x.arn.equals(arn)).findFirst()
                        .ifPresent(x -> x.tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v)));
                json(ex, 200, r);
                return;
            default:
                break;
        }
        if (t == null) {
            jsonError(ex, 400, "ResourceNotFoundException", "Application " + name + " not found");
            return;
        }
        switch (op) {
            case "DescribeApplication":
                if (t.status.equals("STARTING")) {
                    t.status = "RUNNING";
                } else if (t.status.equals("STOPPING")) {
                    t.status = "READY";
                }
                json(ex, 200, appDetail(t));
                break;
            case "StartApplication":
                t.status = "STARTING";
                json(ex, 200, JSON.createObjectNode());
                break;
            case "StopApplication":
                t.status = "STOPPING";
                json(ex, 200, JSON.createObjectNode());
                break;
            case "DeleteApplication":
                if (req.path("CreateTimestamp").asLong() != t.created) {
                    jsonError(ex, 400, "InvalidArgumentException", "CreateTimestamp does not match");
                } else if (!t.status.equals("READY")) {
                    jsonError(ex, 400, "ResourceInUseException", "Application is " + t.status);
                } else {
                    apps.remove(name);
                    json(ex, 200, JSON.createObjectNode());
                }
                break;
            default:
                jsonError(ex, 400, "UnknownOperationException", op);
        }
    }

    private ObjectNode appDetail(Thing t) {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode d = r.putObject("ApplicationDetail");
        d.put("ApplicationARN", t.arn);
        d.put("ApplicationName", t.name);
        d.put("RuntimeEnvironment", t.request.path("RuntimeEnvironment").asText());
        d.put("ServiceExecutionRole", t.request.path("ServiceExecutionRole").asText());
        d.put("ApplicationStatus", t.status);
        d.put("ApplicationVersionId", 1);
        d.put("CreateTimestamp", t.created);
        return r;
    }

    // ---- CloudWatch Logs ----

    private void logs(HttpExchange ex, String op, JsonNode req) throws IOException {
        calls.add("logs:" + op);
        String name = req.path("logGroupName").asText();
        Thing g = logGroups.get(name);
        switch (op) {
            case "CreateLogGroup":
                if (g != null) {
                    jsonError(ex, 400, "ResourceAlreadyExistsException", "The specified log group already exists");
                    return;
                }
                Map<String, String> tags = new LinkedHashMap<>();
                req.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
                logGroups.put(name, new Thing("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + name, name, tags, req,
                        "", 0));
                json(ex, 200, JSON.createObjectNode());
                break;
            case "DescribeLogGroups":
                String prefix = req.path("logGroupNamePrefix").asText("");
                ObjectNode r = JSON.createObjectNode();
                ArrayNode a = r.putArray("logGroups");
                logGroups.values().stream().filter(x -> x.name.startsWith(prefix)).forEach(x -> a.addObject()
                        .put("logGroupName", x.name).put("arn", x.arn + ":*").put("creationTime", x.created * 1000)
                        .put("storedBytes", 0));
                json(ex, 200, r);
                break;
            case "ListTagsForResource":
                String arn = req.path("resourceArn").asText();
                ObjectNode t = JSON.createObjectNode();
                ObjectNode tagsNode = t.putObject("tags");
                logGroups.values().stream().filter(x -> x.arn.equals(arn)).findFirst()
                        .ifPresent(x -> x.tags.forEach(tagsNode::put));
                json(ex, 200, t);
                break;
            case "CreateLogStream":
                logStreams.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(req.path("logStreamName").asText());
                json(ex, 200, JSON.createObjectNode());
                break;
            case "DescribeLogStreams":
                ObjectNode s = JSON.createObjectNode();
                ArrayNode sa = s.putArray("logStreams");
                logStreams.getOrDefault(name, Set.of()).forEach(n -> sa.addObject().put("logStreamName", n));
                json(ex, 200, s);
                break;
            case "PutRetentionPolicy":
                json(ex, 200, JSON.createObjectNode());
                break;
            case "DeleteLogGroup":
                if (g == null) {
                    jsonError(ex, 400, "ResourceNotFoundException", "The specified log group does not exist.");
                } else {
                    logGroups.remove(name);
                    logStreams.remove(name);
                    json(ex, 200, JSON.createObjectNode());
                }
                break;
            default:
                jsonError(ex, 400, "UnknownOperationException", op);
        }
    }

    // ---- Resource Groups Tagging API ----

    private void tagging(HttpExchange ex, String op, JsonNode req) throws IOException {
        calls.add("tag:" + op);
        String key = req.path("TagFilters").path(0).path("Key").asText();
        String value = req.path("TagFilters").path(0).path("Values").path(0).asText();
        ObjectNode r = JSON.createObjectNode();
        ArrayNode list = r.putArray("ResourceTagMappingList");
        Map<String, Map<String, String>> all = new LinkedHashMap<>(planted);
        for (Map<String, Thing> m : List.of(domains, apps, logGroups)) {
            m.values().forEach(t -> all.put(t.arn, t.tags));
        }
        all.forEach((arn, tags) -> {
            if (value.equals(tags.get(key))) {
                ObjectNode o = list.addObject().put("ResourceARN", arn);
                ArrayNode ta = o.putArray("Tags");
                tags.forEach((k, v) -> ta.addObject().put("Key", k).put("Value", v));
            }
        });
        r.put("PaginationToken", "");
        json(ex, 200, r);
    }

    // ---- helpers ----

    private static Map<String, String> tagList(JsonNode list) {
        Map<String, String> m = new LinkedHashMap<>();
        list.forEach(t -> m.put(t.path("Key").asText(), t.path("Value").asText()));
        return m;
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(body));
    }

    private static void jsonError(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(ex, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("__type", type).put("message", message)));
    }

    private static void restError(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().set("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazonaws.es/");
        send(ex, status, "application/json", JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message)));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("x-amzn-RequestId", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}
