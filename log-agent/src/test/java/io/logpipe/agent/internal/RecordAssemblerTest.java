package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.agent.ProcessingOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class RecordAssemblerTest {

    private final TrackedFile a = new TrackedFile(Path.of("a.log"), "a", "f", 0);
    private final TrackedFile b = new TrackedFile(Path.of("b.log"), "b", "g", 0);
    private final List<String> out = new ArrayList<>();

    private final RecordAssembler.Output output = new RecordAssembler.Output() {
        @Override
        public void record(TrackedFile file, byte[] data, long endOffset, long endLine) {
            out.add("record " + file.path + " " + new String(data, StandardCharsets.UTF_8).replace("\n", "|")
                    + " @" + endOffset + "/" + endLine);
        }

        @Override
        public void done(TrackedFile file, long endOffset, long endLine) {
            out.add("done " + file.path + " @" + endOffset + "/" + endLine);
        }

        @Override
        public void rejected(TrackedFile file, long line, String reason, String text) {
            out.add("rejected " + line + " " + text);
        }

        @Override
        public void skipped() {
            out.add("skipped");
        }

        @Override
        public void processed() {}

        @Override
        public void truncated() {
            out.add("truncated");
        }
    };

    private RecordAssembler assembler(int skip, @Nullable String start, int max, int aggregate,
            List<ProcessingOption> options) {
        return new RecordAssembler(new RecordAssembler.Options(skip, start == null ? null : Pattern.compile(start),
                max, "\n".getBytes(StandardCharsets.UTF_8), aggregate),
                new RecordProcessor(options, Clock.systemUTC()), output);
    }

    private static void line(RecordAssembler r, TrackedFile t, String text, long end, long no, long now) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        r.line(t, bytes, 0, bytes.length, end, no, now);
    }

    @Test
    void oneLineOneRecord_headersSkipped() {
        RecordAssembler r = assembler(1, null, 1000, 0, List.of());
        line(r, a, "header", 7, 1, 0);
        line(r, a, "x", 9, 2, 0);
        assertThat(out).containsExactly("skipped", "done a.log @7/1", "record a.log x| @9/2");
    }

    @Test
    void multiLine_joinsUntilTheNextStart_andIdleFlushWaitsForTheTimeout() {
        RecordAssembler r = assembler(0, "^\\S", 1000, 0, List.of());
        line(r, a, "first", 6, 1, 0);
        line(r, a, "  more", 13, 2, 0);
        line(r, a, "second", 20, 3, 5);
        assertThat(out).containsExactly("record a.log first|  more| @13/2");
        r.flushIdle(100, 1000, t -> true);
        assertThat(out).hasSize(1);
        assertThat(r.assembling()).isTrue();
        r.flushIdle(1005, 1000, t -> false);
        assertThat(out).as("a file still being read waits").hasSize(1);
        r.flushIdle(1005, 1000, t -> true);
        assertThat(out).containsExactly("record a.log first|  more| @13/2", "record a.log second| @20/3");
    }

    @Test
    void longRecord_cutAndMarkedWithTheTerminator() {
        RecordAssembler r = assembler(0, null, 5, 0, List.of());
        line(r, a, "abcdefgh", 9, 1, 0);
        assertThat(out).containsExactly("truncated", "record a.log abcd| @9/1");
    }

    @Test
    void aggregation_packsOneFileUntilFullOrAnotherFile() {
        RecordAssembler r = assembler(0, null, 1000, 6, List.of());
        line(r, a, "aa", 3, 1, 0);
        line(r, a, "bb", 6, 2, 0);
        assertThat(out).isEmpty();
        line(r, a, "cc", 9, 3, 0);
        assertThat(out).containsExactly("record a.log aa|bb| @6/2");
        line(r, b, "dd", 3, 1, 0);
        assertThat(out).containsExactly("record a.log aa|bb| @6/2", "record a.log cc| @9/3");
        r.done(b, 10, 2);
        assertThat(out).containsExactly("record a.log aa|bb| @6/2", "record a.log cc| @9/3", "record b.log dd| @3/1",
                "done b.log @10/2");
    }

    @Test
    void rejectedLine_isReportedAndDone() {
        RecordAssembler r = assembler(0, null, 1000, 0, List.of(new ProcessingOption.LogToJson(
                ProcessingOption.ApacheLogFormat.COMMONAPACHELOG, null, null, false)));
        line(r, a, "not a log line", 15, 4, 0);
        assertThat(out).containsExactly("rejected 4 not a log line", "done a.log @15/4");
    }

    @Test
    void reset_forgetsWhatIsBeingAssembled() {
        RecordAssembler r = assembler(0, "^\\S", 1000, 0, List.of());
        line(r, a, "first", 6, 1, 0);
        r.reset();
        assertThat(r.assembling()).isFalse();
        r.finish(a);
        assertThat(out).isEmpty();
    }
}
