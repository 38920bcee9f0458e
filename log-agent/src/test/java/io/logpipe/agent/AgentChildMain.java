package io.logpipe.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an agent in its own JVM for the crash tests: {@code AgentChildMain <agent.json> <window>}. Stops
 * cleanly on SIGTERM (shutdown hook), or dies on SIGKILL.
 */
public final class AgentChildMain {

    private AgentChildMain() {}

    public static void main(String[] args) throws InterruptedException {
        AgentConfig config = AgentConfig.read(Path.of(args[0]));
        LogAgent agent = LogAgent.builder(config)
                .maxUnacknowledgedRecords(Integer.parseInt(args[1]))
                .refreshInterval(Duration.ofMillis(50))
                .checkpointInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
                .build();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            done.countDown();
        }));
        agent.start();
        System.out.println("started");
        System.out.flush();
        done.await();
    }
}
