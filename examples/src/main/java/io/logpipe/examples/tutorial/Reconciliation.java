package io.logpipe.examples.tutorial;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The end-of-run account of {@code logpipe tutorial}: lines written = records in {@code DIR/s3} =
 * Σ STATUSCOUNT in {@code request_data}, stage by stage, each difference named with where the
 * missing records are. Computed from the stages' own counters, the objects Firehose #1 wrote (read
 * back from the directory) and OpenSearch's own {@code _search} aggregation; see
 * {@code docs/design/tutorial.md}.
 *
 * @param counts the figures of the run
 * @param checks one line per hand-over between two stages, in pipeline order
 */
record Reconciliation(Counts counts, List<Check> checks) {

    /**
     * The figures a reconciliation compares.
     *
     * @param linesWritten lines the generator wrote this run
     * @param linesRejected lines the agent's LOGTOJSON rejected ({@code DIR/state/rejected-lines.jsonl})
     * @param recordsAcknowledged records Firehose #1 acknowledged to the agent
     * @param agentBehindBytes bytes of the logs the agent had not read when it stopped
     * @param filesVanished rotated logs deleted ({@code --rotate-keep}) before the agent read them to the end
     * @param recordsWritten records Firehose #1 wrote into objects in {@code DIR/s3}
     * @param objectsRead objects the analytics read from {@code DIR/s3}
     * @param recordsRead records the analytics read from those objects
     * @param malformedRecords lines in those objects that were not agent JSON
     * @param lateRecords records the analytics dropped as late
     * @param rowsEmitted result rows (windows × statuses) the analytics emitted
     * @param statusCountEmitted Σ STATUSCOUNT of those rows
     * @param rowsNotSent rows that could not be handed to Firehose #2
     * @param rowsDelivered rows Firehose #2 acknowledged
     * @param rowsDeadLettered rows the producer gave up on ({@code DIR/dead-letters})
     * @param documentsIndexed documents Firehose #2's OpenSearch destination indexed
     * @param documentsFailed documents it backed up as failed ({@code DIR/s3/AmazonOpenSearchService-failed})
     * @param opensearch what {@code request_data} gained this run, by OpenSearch's aggregation
     * @param s3ByStatus records read from {@code DIR/s3} per HTTP status
     */
    record Counts(
            long linesWritten,
            long linesRejected,
            long recordsAcknowledged,
            long agentBehindBytes,
            long filesVanished,
            long recordsWritten,
            long objectsRead,
            long recordsRead,
            long malformedRecords,
            long lateRecords,
            long rowsEmitted,
            long statusCountEmitted,
            long rowsNotSent,
            long rowsDelivered,
            long rowsDeadLettered,
            long documentsIndexed,
            long documentsFailed,
            OpenSearchIndex.Totals opensearch,
            Map<Integer, Long> s3ByStatus) {

        /** Copies the map. */
        Counts {
            Objects.requireNonNull(opensearch, "opensearch");
            s3ByStatus = Map.copyOf(s3ByStatus);
        }
    }

    /**
     * One comparison.
     *
     * @param left what is on the left, e.g. "lines written"
     * @param leftValue its value
     * @param right what it must equal
     * @param rightValue its value
     * @param explanation where a difference went, empty when equal
     */
    record Check(String left, long leftValue, String right, long rightValue, String explanation) {
        boolean ok() {
            return leftValue == rightValue;
        }
    }

    /** Computes the checks from the figures. */
    static Reconciliation of(Counts c) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("lines written (generator)", c.linesWritten(), "records acknowledged by Firehose #1 (agent)",
                c.recordsAcknowledged(), join(
                        c.linesRejected() == 0 ? "" : c.linesRejected() + " lines rejected by LOGTOJSON (state/rejected-lines.jsonl)",
                        c.agentBehindBytes() == 0 ? "" : c.agentBehindBytes() + " bytes of logs not read when the agent stopped",
                        c.filesVanished() == 0 ? "" : c.filesVanished() + " rotated logs deleted before the agent read them to "
                                + "the end: the agent fell behind the generator (lower --rate, or raise --rotate-keep)",
                        c.recordsAcknowledged() > c.linesWritten() ? (c.recordsAcknowledged() - c.linesWritten())
                                + " records more than written: lines of an earlier run re-sent after an unclean stop" : "")));
        checks.add(new Check("records acknowledged by Firehose #1", c.recordsAcknowledged(),
                "records written to s3/ by Firehose #1", c.recordsWritten(),
                c.recordsWritten() < c.recordsAcknowledged() ? (c.recordsAcknowledged() - c.recordsWritten())
                        + " acknowledged records not written out when Firehose #1 stopped" : ""));
        checks.add(new Check("records in s3/", c.recordsWritten(), "records read by the analytics", c.recordsRead(), join(
                c.malformedRecords() == 0 ? "" : c.malformedRecords() + " lines in s3/ objects were not agent JSON",
                c.recordsRead() > c.recordsWritten() ? (c.recordsRead() - c.recordsWritten())
                        + " records read from objects of an earlier run" : "",
                c.recordsRead() < c.recordsWritten() && c.malformedRecords() == 0
                        ? (c.recordsWritten() - c.recordsRead()) + " records in objects the analytics did not read" : "")));
        checks.add(new Check("records read by the analytics", c.recordsRead(), "Σ STATUSCOUNT emitted by the analytics",
                c.statusCountEmitted(), c.lateRecords() == 0 ? "" : c.lateRecords() + " late records dropped by the windows"));
        checks.add(new Check("rows emitted by the analytics", c.rowsEmitted(), "documents acknowledged by Firehose #2",
                c.rowsDelivered(), join(
                        c.rowsDeadLettered() == 0 ? "" : c.rowsDeadLettered() + " rows dead-lettered (dead-letters/)",
                        c.rowsNotSent() == 0 ? "" : c.rowsNotSent() + " rows not sent (Firehose #2 was not available)")));
        checks.add(new Check("documents acknowledged by Firehose #2", c.rowsDelivered(), "documents indexed",
                c.documentsIndexed(), c.documentsFailed() == 0 ? ""
                        : c.documentsFailed() + " documents failed (s3/AmazonOpenSearchService-failed/)"));
        checks.add(new Check("Σ STATUSCOUNT emitted", c.statusCountEmitted(), "Σ STATUSCOUNT in request_data (_search)",
                c.opensearch().statusCount(), ""));
        Map<Integer, Long> expected = new TreeMap<>(c.s3ByStatus());
        Map<Integer, Long> actual = new TreeMap<>(c.opensearch().byStatus());
        long differing = 0;
        StringBuilder which = new StringBuilder();
        for (Integer status : union(expected, actual)) {
            long e = expected.getOrDefault(status, 0L);
            long a = actual.getOrDefault(status, 0L);
            if (e != a) {
                differing += Math.abs(e - a);
                which.append(which.length() == 0 ? "" : ", ").append(status).append(": ").append(e).append(" vs ").append(a);
            }
        }
        checks.add(new Check("records in s3/ per status", c.recordsWritten(), "Σ STATUSCOUNT per STATUS in request_data",
                c.recordsWritten() - differing, which.toString()));
        return new Reconciliation(c, List.copyOf(checks));
    }

    private static List<Integer> union(Map<Integer, Long> a, Map<Integer, Long> b) {
        TreeMap<Integer, Long> all = new TreeMap<>(a);
        b.forEach(all::putIfAbsent);
        return new ArrayList<>(all.keySet());
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(p);
            }
        }
        return sb.toString();
    }

    /** Whether every check holds: lines written = records in s3/ = Σ STATUSCOUNT in request_data. */
    boolean exact() {
        return checks.stream().allMatch(Check::ok);
    }

    /** The headline, e.g. {@code lines written 12000 = records in s3/ 12000 = Σ STATUSCOUNT 12000}. */
    String headline() {
        Counts c = counts;
        return String.format(Locale.ROOT, "lines written %,d %s records in s3/ %,d %s Σ STATUSCOUNT in request_data %,d",
                c.linesWritten(), c.linesWritten() == c.recordsWritten() ? "=" : "≠", c.recordsWritten(),
                c.recordsWritten() == c.opensearch().statusCount() ? "=" : "≠", c.opensearch().statusCount());
    }

    /** The block printed at the end of a run. */
    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Reconciliation: ").append(headline()).append(exact() ? "  (exact)" : "  (DIFFERENCES)").append('\n');
        for (Check k : checks) {
            sb.append(String.format(Locale.ROOT, "  %-4s %s %,d %s %s %,d", k.ok() ? "ok" : "DIFF", k.left(), k.leftValue(),
                    k.ok() ? "=" : "≠", k.right(), k.rightValue()));
            if (!k.ok()) {
                sb.append(" (").append(k.leftValue() - k.rightValue() > 0 ? "-" : "+")
                        .append(String.format(Locale.ROOT, "%,d", Math.abs(k.leftValue() - k.rightValue())))
                        .append(k.explanation().isEmpty() ? "" : ": " + k.explanation()).append(')');
            }
            sb.append('\n');
        }
        Counts c = counts;
        sb.append(String.format(Locale.ROOT, "  %,d objects read, %,d result rows, %,d documents in request_data this run",
                c.objectsRead(), c.rowsEmitted(), c.opensearch().documents()));
        return sb.toString();
    }
}
