package io.logpipe.examples.tutorial;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code logpipe tutorial} run is configured with (the command's options, checked).
 *
 * @param paths where everything goes
 * @param rate generator lines per second
 * @param seed the generator's seed, or {@code null} for a random one
 * @param rotateLines lines per log file before it is rotated
 * @param rotateKeep rotated log files kept
 * @param window the tumbling window of the analytics
 * @param bufferMb the buffering size hint of both delivery streams
 * @param bufferInterval the buffering interval hint of both delivery streams
 * @param firehosePort the local Firehose's port (0: a free one)
 * @param opensearch a running OpenSearch to use, or {@code null} to start one
 * @param opensearchPort the port of the OpenSearch the command starts (0: a free one)
 * @param opensearchHeap the heap of the OpenSearch the command starts
 * @param opensearchJavaHome the Java the OpenSearch the command starts runs on, or {@code null} to find one
 * @param chaos whether faults are injected (and OpenSearch restarted once)
 * @param dashboardPort the dashboard's port (0: a free one), or {@code -1} for no dashboard
 */
record TutorialSettings(
        TutorialPaths paths,
        double rate,
        @Nullable Long seed,
        long rotateLines,
        int rotateKeep,
        Duration window,
        int bufferMb,
        Duration bufferInterval,
        int firehosePort,
        @Nullable URI opensearch,
        int opensearchPort,
        String opensearchHeap,
        @Nullable Path opensearchJavaHome,
        boolean chaos,
        int dashboardPort) {

    /** Checks the settings. */
    TutorialSettings {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(bufferInterval, "bufferInterval");
        Objects.requireNonNull(opensearchHeap, "opensearchHeap");
    }

    boolean dashboard() {
        return dashboardPort >= 0;
    }
}
