package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.agent.InitialPosition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileTrackerTest {

    @TempDir
    Path dir;

    private static void write(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String lines(String tag, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(tag).append(" line ").append(i).append(" with some padding to fill the fingerprint\n");
        }
        return sb.toString();
    }

    private static List<FileTracker.EventKind> kinds(List<FileTracker.Event> events) {
        return events.stream().map(FileTracker.Event::kind).toList();
    }

    @Test
    void refresh_firstStartEndOfFile_skipsOlderFilesAndSeeksTheNewestToItsLastLine() throws Exception {
        Path old = dir.resolve("a.log.1");
        write(old, lines("old", 3));
        old.toFile().setLastModified(System.currentTimeMillis() - 60_000);
        Path cur = dir.resolve("a.log");
        write(cur, "one\ntwo\npart");
        FileTracker t = new FileTracker(dir, "a.log*");
        assertThat(t.refresh(0, InitialPosition.END_OF_FILE)).isEmpty();
        TrackedFile newest = t.files().stream().filter(f -> f.path().equals(cur)).findFirst().orElseThrow();
        TrackedFile older = t.files().stream().filter(f -> f.path().equals(old)).findFirst().orElseThrow();
        assertThat(newest.readOffset()).isEqualTo(8);
        assertThat(newest.readLine).isEqualTo(2);
        assertThat(older.readOffset()).isEqualTo(Files.size(old));
        assertThat(t.files().get(0)).isSameAs(older);
    }

    @Test
    void refresh_firstStartStartOfFile_readsEveryFileFromZero() throws Exception {
        write(dir.resolve("a.log.1"), lines("old", 3));
        write(dir.resolve("a.log"), lines("new", 3));
        write(dir.resolve("a.log.2.gz"), "binary");
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        assertThat(t.files()).hasSize(2).allSatisfy(f -> assertThat(f.readOffset()).isZero());
    }

    @Test
    void refresh_renamedFile_keepsItsOffsetAndFindsTheNewOne() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = 100;
        Files.move(cur, dir.resolve("a.log.1"));
        write(cur, lines("second", 2));
        List<FileTracker.Event> events = t.refresh(1, null);
        assertThat(kinds(events)).containsExactlyInAnyOrder(FileTracker.EventKind.MOVED, FileTracker.EventKind.NEW);
        assertThat(f.path()).isEqualTo(dir.resolve("a.log.1"));
        assertThat(f.readOffset()).isEqualTo(100);
        assertThat(t.files()).hasSize(2);
    }

    @Test
    void refresh_copyTruncate_continuesInTheCopyAndReadsTheTruncatedFileFromZero() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        String key = f.fileKey();
        f.readOffset = 300;
        Path copy = dir.resolve("a.log.1");
        Files.copy(cur, copy);
        // between copy and truncate the copy is recognised and not read twice
        assertThat(kinds(t.refresh(1, null))).containsExactly(FileTracker.EventKind.IGNORED_COPY);
        assertThat(t.files()).hasSize(1);
        try (FileChannel ch = FileChannel.open(cur, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        write(cur, "new content\n");
        List<FileTracker.Event> events = t.refresh(2, null);
        assertThat(kinds(events)).containsExactlyInAnyOrder(FileTracker.EventKind.COPIED, FileTracker.EventKind.NEW);
        assertThat(f.path()).isEqualTo(copy);
        assertThat(f.readOffset()).isEqualTo(300);
        TrackedFile fresh = t.files().stream().filter(x -> x != f).findFirst().orElseThrow();
        assertThat(fresh.path()).isEqualTo(cur);
        assertThat(fresh.fileKey()).isEqualTo(key);
        assertThat(fresh.readOffset()).isZero();
    }

    @Test
    void refresh_truncatedInPlaceBelowTheOffset_finishesTheOldContentAndRestartsAtZero() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, "x\n".repeat(10));
        FileTracker t = new FileTracker(dir, "a.log");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = 20;
        f.ackedOffset = 20;
        try (FileChannel ch = FileChannel.open(cur, StandardOpenOption.WRITE)) {
            ch.truncate(4);
        }
        assertThat(kinds(t.refresh(1, null))).containsExactlyInAnyOrder(FileTracker.EventKind.TRUNCATED,
                FileTracker.EventKind.NEW);
        assertThat(f.detached).isTrue();
        TrackedFile fresh = t.files().stream().filter(x -> x != f).findFirst().orElseThrow();
        assertThat(fresh.readOffset()).isZero();
        t.prune();
        assertThat(t.files()).containsExactly(fresh);
    }

    @Test
    void refresh_smallFileGrows_extendsItsFingerprint() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, "short\n");
        FileTracker t = new FileTracker(dir, "a.log");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        assertThat(f.fingerprintLength).isEqualTo(6);
        write(cur, lines("more", 40));
        assertThat(t.refresh(1, null)).isEmpty();
        assertThat(f.fingerprintLength).isEqualTo(FileTracker.FINGERPRINT_SIZE);
        assertThat(t.files()).hasSize(1);
    }

    @Test
    void refresh_fileReplacedWithOtherContentOnTheSameInodeOrDeleted_isNewOrVanished() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("one", 30));
        FileTracker t = new FileTracker(dir, "a.log");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = 10;
        Files.delete(cur);
        List<FileTracker.Event> events = t.refresh(1, null);
        assertThat(kinds(events)).containsExactly(FileTracker.EventKind.VANISHED);
        assertThat(events.get(0).detail()).contains("not read");
        write(cur, lines("two", 30));
        assertThat(kinds(t.refresh(2, null))).containsExactly(FileTracker.EventKind.NEW);
    }

    @Test
    void restore_checkpointOfAFileGoneWhileStopped_isDropped() throws Exception {
        FileTracker t = new FileTracker(dir, "a.log");
        TrackedFile gone = new TrackedFile(dir.resolve("a.log"), "(dev=1,ino=2)", "00", 2);
        gone.present = false;
        t.restore(List.of(gone));
        assertThat(kinds(t.refresh(0, null))).containsExactly(FileTracker.EventKind.VANISHED);
        t.prune();
        assertThat(t.files()).isEmpty();
    }

    @Test
    void hash_lastLineBoundary_matchKnownValues() throws Exception {
        assertThat(FileTracker.hash(new byte[0], 0))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Path p = dir.resolve("b");
        write(p, "a\nbb\nccc");
        assertThat(FileTracker.lastLineBoundary(p, Files.size(p))).containsExactly(5, 2);
        assertThat(FileTracker.lastLineBoundary(dir.resolve("none"), 10)).containsExactly(0, 0);
    }
}
