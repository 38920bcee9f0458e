package io.logpipe.examples.tutorial;

import java.nio.file.Path;

/**
 * Where {@code logpipe tutorial} keeps everything, all under one directory so nobody has to
 * {@code pwd} or move files (the tutorial's users' problems 1 to 4):
 *
 * <pre>
 * DIR/logs/access_log[.1 ...]        the generator's log, rotated by rename
 * DIR/agent.json                      the agent's configuration (the Kinesis Agent's format)
 * DIR/state/checkpoints.json          the agent's checkpoints (resume)
 * DIR/state/rejected-lines.jsonl      lines the agent's LOGTOJSON rejected
 * DIR/state/analytics-objects.txt     the S3 objects the analytics have read (resume)
 * DIR/s3/YYYY/MM/dd/HH/...            Firehose #1's objects; failed documents of Firehose #2 under
 *                                     AmazonOpenSearchService-failed/
 * DIR/dead-letters/                   records the Firehose producers gave up on
 * DIR/opensearch/                     OpenSearch's data, when the command starts the server
 * </pre>
 *
 * @param dir the tutorial directory, absolute
 */
record TutorialPaths(Path dir) {

    /** Normalizes the directory to an absolute path. */
    TutorialPaths {
        dir = dir.toAbsolutePath().normalize();
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path activeLog() {
        return logs().resolve("access_log");
    }

    Path agentJson() {
        return dir.resolve("agent.json");
    }

    Path state() {
        return dir.resolve("state");
    }

    Path checkpoints() {
        return state().resolve("checkpoints.json");
    }

    Path rejectedLines() {
        return state().resolve("rejected-lines.jsonl");
    }

    Path analyticsObjects() {
        return state().resolve("analytics-objects.txt");
    }

    Path s3() {
        return dir.resolve("s3");
    }

    Path deadLetters() {
        return dir.resolve("dead-letters");
    }

    Path opensearchData() {
        return dir.resolve("opensearch");
    }

    /** The entries {@code --clean} deletes (and nothing else of the directory). */
    Path[] owned() {
        return new Path[] {logs(), agentJson(), state(), s3(), deadLetters(), opensearchData()};
    }
}
