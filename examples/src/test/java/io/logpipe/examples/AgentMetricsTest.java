package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class AgentMetricsTest {

    @Test
    void isLocal_loopbackOrPlainHttp_true_awsHostOrDefault_false() {
        assertThat(AgentMetrics.isLocal("http://127.0.0.1:4573")).isTrue();
        assertThat(AgentMetrics.isLocal("http://firehose.internal:80")).isTrue();
        assertThat(AgentMetrics.isLocal("https://localhost:4573")).isTrue();
        assertThat(AgentMetrics.isLocal("127.0.0.1:4573")).isTrue();
        assertThat(AgentMetrics.isLocal("firehose.us-east-1.amazonaws.com")).isFalse();
        assertThat(AgentMetrics.isLocal("https://firehose.eu-west-1.amazonaws.com")).isFalse();
        assertThat(AgentMetrics.isLocal(null)).isFalse();
    }

    @Test
    void close_afterACount_publishesPutMetricDataWithTheNamespace() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ex.getRequestBody().transferTo(body);
            requests.add(ex.getRequestHeaders().entrySet() + " " + body.toString(StandardCharsets.ISO_8859_1));
            byte[] ok = "<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                    .concat("<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></PutMetricDataResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.start();
        String key = System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        String secret = System.setProperty("aws.secretAccessKey", "secret");
        String region = System.setProperty("aws.region", "us-east-1");
        try {
            AgentMetrics m = AgentMetrics.start(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    "logpipe-test/agent", Duration.ofSeconds(1));
            m.registry().counter("logpipe.agent.records.sent", "stream", "web-log-ingestion-stream").increment(7);
            Thread.sleep(1200);   // let the counter's step end, so close() has a step to publish
            m.close();
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
            restore("aws.region", region);
            server.stop(0);
        }
        assertThat(requests).isNotEmpty();
        assertThat(String.join("\n", requests)).contains("Action=PutMetricData", "Namespace=logpipe-test%2Fagent",
                "MetricName=logpipe.agent.records.sent.count", "Value=7.0",
                "web-log-ingestion-stream");
    }

    private static void restore(String k, String v) {
        if (v == null) {
            System.clearProperty(k);
        } else {
            System.setProperty(k, v);
        }
    }
}
