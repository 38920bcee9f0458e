package io.logpipe.examples.support;

/** The log levels of the commands that run Flink in this JVM. */
public final class FlinkLogging {

    private FlinkLogging() {}

    /**
     * Flink logs a lot at INFO and some WARNs that mean nothing here; the CLI shows errors only. A level
     * set already (a system property {@code org.slf4j.simpleLogger.log.<logger>}) is kept.
     */
    public static void quiet() {
        for (String logger : new String[] {"org.apache.flink", "org.apache.pekko", "org.apache.flink.shaded"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }
}
