package io.logpipe.analytics.flink.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;
import org.jspecify.annotations.Nullable;

/**
 * Hands out file splits in path order. Firehose names its S3 objects by time ({@code YYYY/MM/DD/HH/...}),
 * so path order is arrival order, which keeps event-time watermarks meaningful; Flink's default
 * assigner hands splits out in no particular order.
 */
public final class SortedSplitAssigner implements FileSplitAssigner {

    private static final Comparator<FileSourceSplit> ORDER = Comparator
            .comparing((FileSourceSplit s) -> s.path().toString())
            .thenComparingLong(FileSourceSplit::offset);

    private final PriorityQueue<FileSourceSplit> splits = new PriorityQueue<>(ORDER);

    /**
     * Creates the assigner.
     *
     * @param initial the splits known at start
     */
    public SortedSplitAssigner(Collection<FileSourceSplit> initial) {
        splits.addAll(initial);
    }

    @Override
    public synchronized Optional<FileSourceSplit> getNext(@Nullable String hostname) {
        return Optional.ofNullable(splits.poll());
    }

    @Override
    public synchronized void addSplits(Collection<FileSourceSplit> more) {
        splits.addAll(more);
    }

    @Override
    public synchronized Collection<FileSourceSplit> remainingSplits() {
        List<FileSourceSplit> out = new ArrayList<>(splits);
        out.sort(ORDER);
        return out;
    }
}
