package io.logpipe.es;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** An in-process stand-in for a cluster's {@code _bulk} endpoint, with scripted answers. */
final class FakeBulkServer implements AutoCloseable {

    /** One received request. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] rawBody, String body) {
        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String l : body.split("\n")) {
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
            return out;
        }

        int documents() {
            return lines().size() / 2;
        }

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.get(0);
        }
    }

    /** An answer. */
    record Answer(int status, String body) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Function<Received, Answer>> script = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Answer> fallback = r -> allItems(r, 201);

    FakeBulkServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues an answer for the next request. */
    FakeBulkServer then(Function<Received, Answer> answer) {
        script.add(answer);
        return this;
    }

    /** Sets the answer once the script is used up. */
    FakeBulkServer otherwise(Function<Received, Answer> answer) {
        fallback = answer;
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        byte[] body = raw;
        if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                body = in.readAllBytes();
            }
        }
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                Map.copyOf(ex.getRequestHeaders()), raw, new String(body, StandardCharsets.UTF_8));
        received.add(r);
        Function<Received, Answer> f = script.poll();
        Answer a = (f != null ? f : fallback).apply(r);
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    /** Every item answered with the same status; {@code errors} set accordingly. */
    static Answer allItems(Received r, int status) {
        int[] statuses = new int[r.documents()];
        java.util.Arrays.fill(statuses, status);
        return items(statuses);
    }

    /** Items answered with the given statuses, in order. */
    static Answer items(int... statuses) {
        StringBuilder sb = new StringBuilder("{\"took\":3,\"errors\":");
        boolean errors = false;
        for (int s : statuses) {
            errors |= s >= 300;
        }
        sb.append(errors).append(",\"items\":[");
        for (int i = 0; i < statuses.length; i++) {
            int s = statuses[i];
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"index\":{\"_index\":\"x\",\"_id\":\"").append(i).append("\",\"status\":").append(s);
            if (s >= 300) {
                String type = s == 429 ? "es_rejected_execution_exception"
                        : s == 409 ? "version_conflict_engine_exception" : "mapper_parsing_exception";
                sb.append(",\"error\":{\"type\":\"").append(type)
                        .append("\",\"reason\":\"failed to parse \\\"x\\\"\",\"caused_by\":{\"type\":\"y\"}}");
            }
            sb.append("}}");
        }
        return new Answer(200, sb.append("]}").toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
