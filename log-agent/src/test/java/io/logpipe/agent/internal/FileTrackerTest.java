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
    void refresh_copyTruncateDuringTheListingWithTheCopyMissingFromIt_listsAgainAndContinuesInTheCopy()
            throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = 300;
        Path copy = dir.resolve("a.log.1");
        int[] listings = {0};
        t.namesListed = names -> {
            if (listings[0]++ == 0) {
                // the names were read before the rotation made the copy; the sizes are read after it
                try {
                    Files.copy(cur, copy);
                    truncate(cur);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertThat(names).containsExactly(cur);
            }
        };
        List<FileTracker.Event> events = t.refresh(1, null);
        // listed again, and that listing confirmed by a third that agrees with it
        assertThat(listings[0]).isEqualTo(3);
        assertThat(kinds(events)).doesNotContain(FileTracker.EventKind.TRUNCATED);
        assertThat(kinds(events)).contains(FileTracker.EventKind.COPIED);
        assertThat(f.path()).isEqualTo(copy);
        assertThat(f.readOffset()).isEqualTo(300);
        assertThat(f.detached).isFalse();
        // the copy is followed, not read again from its start
        assertThat(t.files()).filteredOn(x -> x.path().equals(copy)).containsExactly(f);
    }

    @Test
    void refresh_copyTruncateReusingANameListedBeforeTheRotation_listsAgainAndContinuesInTheCopy()
            throws Exception {
        Path cur = dir.resolve("a.log");
        Path rotated = dir.resolve("a.log.1");
        write(rotated, lines("older", 30));
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile older = t.files().stream().filter(x -> x.path().equals(rotated)).findFirst().orElseThrow();
        TrackedFile f = t.files().stream().filter(x -> x.path().equals(cur)).findFirst().orElseThrow();
        older.readOffset = Files.size(rotated);
        f.readOffset = 300;
        t.refresh(1, null);
        Path oldest = dir.resolve("a.log.2");
        int[] listings = {0};
        // a.log.1 is looked at before the rotation (the older file, unchanged), a.log after it (truncated);
        // the name the older file moves to was not there when the names were read
        t.namesListed = names -> {
            if (listings[0]++ == 0) {
                names.sort(java.util.Comparator.comparing((Path p) -> !p.equals(rotated)));
                assertThat(names).containsExactly(rotated, cur);
            }
        };
        t.beforeAttributes = p -> {
            if (listings[0] == 1 && p.equals(cur)) {
                try {
                    Files.move(rotated, oldest);
                    Files.copy(cur, rotated);
                    truncate(cur);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        List<FileTracker.Event> events = t.refresh(2, null);
        // listed again, and that listing confirmed by a third that agrees with it
        assertThat(listings[0]).isEqualTo(3);
        assertThat(kinds(events)).doesNotContain(FileTracker.EventKind.TRUNCATED);
        assertThat(f.path()).isEqualTo(rotated);
        assertThat(f.readOffset()).isEqualTo(300);
        assertThat(older.path()).isEqualTo(oldest);
        assertThat(t.files()).filteredOn(x -> x.path().equals(rotated)).containsExactly(f);
    }

    private static void truncate(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    /** Writes the first {@code n} bytes of {@code from} to {@code to}: a copy still being written. */
    private static void partialCopy(Path from, Path to, int n) throws IOException {
        byte[] all = Files.readAllBytes(from);
        Files.write(to, java.util.Arrays.copyOf(all, n));
    }

    /** The flow's read path: the check before each read, then the whole file read. */
    private static void readToEnd(FileTracker t, TrackedFile f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path())) {
            assertThat(t.stillValid(f, ch)).isTrue();
            f.readOffset = ch.size();
        }
    }

    @Test
    void refresh_copyTruncateOfAFileFirstSeenEmptyAndReadBetweenTwoRefreshes_continuesInTheCopy() throws Exception {
        // the new file of a rename rotation is created empty and seen so; then it is written, read,
        // copied and truncated before the next refresh (a loaded machine): its fingerprint must not
        // still be the empty one, which matches the truncated file and makes the copy look new
        Path cur = dir.resolve("a.log");
        write(cur, "");
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        assertThat(f.fingerprintLength).isZero();
        write(cur, lines("first", 40));
        readToEnd(t, f);
        assertThat(f.fingerprintLength).isEqualTo(FileTracker.FINGERPRINT_SIZE);
        long offset = f.readOffset;
        Path copy = dir.resolve("a.log.1");
        Files.copy(cur, copy);
        truncate(cur);
        write(cur, "after the rotation\n");
        List<FileTracker.Event> events = t.refresh(1, null);
        assertThat(kinds(events)).containsExactlyInAnyOrder(FileTracker.EventKind.COPIED, FileTracker.EventKind.NEW);
        assertThat(f.path()).isEqualTo(copy);
        assertThat(f.readOffset()).isEqualTo(offset);
        assertThat(f.detached).isFalse();
        TrackedFile fresh = t.files().stream().filter(x -> x != f).findFirst().orElseThrow();
        assertThat(fresh.path()).isEqualTo(cur);
        assertThat(fresh.readOffset()).isZero();
    }

    @Test
    void refresh_halfWrittenCopyOfAFollowedFile_isNotReadUntilItIsRecognised() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*", java.time.Duration.ofMillis(1000));
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = Files.size(cur);
        Path copy = dir.resolve("a.log.1");
        for (int n : new int[] {0, 300, FileTracker.FINGERPRINT_SIZE - 1}) {
            partialCopy(cur, copy, n);
            List<FileTracker.Event> events = t.refresh(10 + n, null);
            assertThat(kinds(events)).as("copy of %d bytes", n).doesNotContain(FileTracker.EventKind.NEW);
            assertThat(t.files()).as("copy of %d bytes", n).containsExactly(f);
        }
        Files.copy(cur, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(kinds(t.refresh(2000, null))).containsExactly(FileTracker.EventKind.IGNORED_COPY);
        truncate(cur);
        assertThat(kinds(t.refresh(2001, null))).containsExactly(FileTracker.EventKind.COPIED);
        assertThat(f.path()).isEqualTo(copy);
        assertThat(f.readOffset()).isEqualTo(Files.size(copy));
        assertThat(t.files()).containsExactly(f);
    }

    @Test
    void refresh_halfWrittenCopyListedWithTheTruncatedOriginal_waitsForTheCopyInsteadOfReadingItFromZero()
            throws Exception {
        // the listing is not atomic: the copy can be seen half-written and the original already truncated
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        byte[] content = Files.readAllBytes(cur);
        FileTracker t = new FileTracker(dir, "a.log*", java.time.Duration.ofMillis(1000));
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = content.length;
        Path copy = dir.resolve("a.log.1");
        truncate(cur);
        for (int n : new int[] {0, 500, FileTracker.FINGERPRINT_SIZE + 500}) {
            Files.write(copy, java.util.Arrays.copyOf(content, n));
            List<FileTracker.Event> events = t.refresh(10 + n, null);
            assertThat(kinds(events)).as("copy of %d bytes", n).isSubsetOf(FileTracker.EventKind.PENDING_COPY);
            assertThat(t.files()).as("copy of %d bytes", n).containsExactly(f);
            assertThat(f.detached).isFalse();
            assertThat(f.readOffset()).isEqualTo(content.length);
        }
        Files.write(copy, content);
        write(cur, "after the rotation\n");
        List<FileTracker.Event> events = t.refresh(3000, null);
        assertThat(kinds(events)).containsExactlyInAnyOrder(FileTracker.EventKind.COPIED, FileTracker.EventKind.NEW);
        assertThat(f.path()).isEqualTo(copy);
        assertThat(f.readOffset()).isEqualTo(content.length);
        TrackedFile fresh = t.files().stream().filter(x -> x != f).findFirst().orElseThrow();
        assertThat(fresh.path()).isEqualTo(cur);
        assertThat(fresh.readOffset()).isZero();
    }

    @Test
    void refresh_prefixOfAFollowedFileThatStopsGrowing_isReadAsNewAfterTheSettleTime() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*", java.time.Duration.ofMillis(1000));
        t.refresh(0, InitialPosition.START_OF_FILE);
        Path other = dir.resolve("a.log.other");
        partialCopy(cur, other, 200);
        assertThat(kinds(t.refresh(100, null))).containsExactly(FileTracker.EventKind.PENDING_COPY);
        assertThat(t.refresh(600, null)).isEmpty();
        assertThat(t.files()).hasSize(1);
        // grows: the settle time starts again
        partialCopy(cur, other, 400);
        assertThat(t.refresh(1200, null)).isEmpty();
        assertThat(t.files()).hasSize(1);
        assertThat(kinds(t.refresh(2200, null))).containsExactly(FileTracker.EventKind.NEW);
        TrackedFile fresh = t.files().stream().filter(x -> x.path().equals(other)).findFirst().orElseThrow();
        assertThat(fresh.readOffset()).isZero();
    }

    @Test
    void refresh_copyTruncateOfAFileSmallerThanTheFingerprint_continuesInTheCopyWhenTheTruncateFollows()
            throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("small", 2));
        FileTracker t = new FileTracker(dir, "a.log*", java.time.Duration.ofMillis(1000));
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = Files.size(cur);
        Path copy = dir.resolve("a.log.1");
        Files.copy(cur, copy);
        // a whole copy of a small file cannot be told from a new file with the same lines: it waits
        assertThat(kinds(t.refresh(100, null))).containsExactly(FileTracker.EventKind.PENDING_COPY);
        truncate(cur);
        write(cur, "after the rotation\n");
        assertThat(kinds(t.refresh(200, null))).containsExactlyInAnyOrder(FileTracker.EventKind.COPIED,
                FileTracker.EventKind.NEW);
        assertThat(f.path()).isEqualTo(copy);
        assertThat(f.readOffset()).isEqualTo(Files.size(copy));
        // a plain copy that is never followed by a truncation is read, once settled
        Path plain = dir.resolve("a.log.plain");
        Files.copy(copy, plain);
        assertThat(kinds(t.refresh(300, null))).containsExactly(FileTracker.EventKind.PENDING_COPY);
        assertThat(kinds(t.refresh(1300, null))).containsExactly(FileTracker.EventKind.NEW);
    }

    @Test
    void refresh_renameRotationBetweenTheListingAndReadingFirstBytes_listsAgainInsteadOfTakingTheNewFilesBytes()
            throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        String fingerprint = f.fingerprint;
        write(cur, lines("first-more", 10));
        readToEnd(t, f);
        long offset = f.readOffset;
        Path rotated = dir.resolve("a.log.1");
        int[] listings = {0};
        t.afterListing = () -> {
            if (listings[0]++ == 0) {
                // the listing saw a.log as the followed file; now it is a.log.1 and a.log is another file
                try {
                    Files.move(cur, rotated);
                    write(cur, lines("second", 2));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        List<FileTracker.Event> events = t.refresh(1, null);
        // listed again, and that listing confirmed by a third that agrees with it
        assertThat(listings[0]).isEqualTo(3);
        assertThat(kinds(events)).containsExactlyInAnyOrder(FileTracker.EventKind.MOVED, FileTracker.EventKind.NEW);
        assertThat(f.path()).isEqualTo(rotated);
        assertThat(f.readOffset()).isEqualTo(offset);
        assertThat(f.fingerprint).isEqualTo(fingerprint);
        assertThat(f.present()).isTrue();
        TrackedFile fresh = t.files().stream().filter(x -> x != f).findFirst().orElseThrow();
        assertThat(fresh.path()).isEqualTo(cur);
        assertThat(fresh.readOffset()).isZero();
        assertThat(fresh.fileKey()).isNotEqualTo(f.fileKey());
    }

    @Test
    void refresh_directoryChangingAtEveryListing_decidesNothingThisTime() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*");
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        write(cur, "grown\n");
        int[] n = {0};
        t.afterListing = () -> {
            try {
                Path next = dir.resolve("a.log." + (++n[0]));
                Files.move(n[0] == 1 ? cur : dir.resolve("a.log." + (n[0] - 1)), next);
                write(next, "more\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThat(t.refresh(1, null)).isEmpty();
        assertThat(n[0]).isEqualTo(FileTracker.LISTING_ATTEMPTS);
        assertThat(f.path()).isEqualTo(cur);
        t.afterListing = null;
        assertThat(kinds(t.refresh(2, null))).containsExactly(FileTracker.EventKind.MOVED);
        assertThat(f.path()).isEqualTo(dir.resolve("a.log." + n[0]));
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
        int[] listings = {0};
        t.afterListing = () -> listings[0]++;
        assertThat(kinds(t.refresh(1, null))).containsExactlyInAnyOrder(FileTracker.EventKind.TRUNCATED,
                FileTracker.EventKind.NEW);
        // a change is decided only once the listing after it agrees
        assertThat(listings[0]).isEqualTo(2);
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
        // missing from one listing is not enough (a rename during the listing can hide a file)
        assertThat(t.refresh(1, null)).isEmpty();
        List<FileTracker.Event> events = t.refresh(2, null);
        assertThat(kinds(events)).containsExactly(FileTracker.EventKind.VANISHED);
        assertThat(events.get(0).detail()).contains("not read");
        write(cur, lines("two", 30));
        assertThat(kinds(t.refresh(3, null))).containsExactly(FileTracker.EventKind.NEW);
    }

    @Test
    void refresh_fileMissingFromOneListingThenSeenUnderAnotherName_keepsItsOffset() throws Exception {
        Path cur = dir.resolve("a.log");
        write(cur, lines("first", 40));
        FileTracker t = new FileTracker(dir, "a.log*", java.time.Duration.ofMillis(1000));
        t.refresh(0, InitialPosition.START_OF_FILE);
        TrackedFile f = t.files().get(0);
        f.readOffset = Files.size(cur);
        f.size = f.readOffset;
        f.ackedOffset = f.readOffset;
        // readdir may not return a file renamed while the directory is read: here, as if so
        Path hidden = dir.resolve("hidden");
        Files.move(cur, hidden);
        assertThat(t.refresh(100, null)).isEmpty();
        assertThat(t.refresh(600, null)).isEmpty();
        assertThat(f.detached).isFalse();
        Path rotated = dir.resolve("a.log.2.123");
        Files.move(hidden, rotated);
        assertThat(kinds(t.refresh(700, null))).containsExactly(FileTracker.EventKind.MOVED);
        assertThat(f.path()).isEqualTo(rotated);
        assertThat(f.readOffset()).isEqualTo(Files.size(rotated));
        assertThat(t.files()).containsExactly(f);
        // gone for good: given up after the settle time
        Files.delete(rotated);
        assertThat(t.refresh(800, null)).isEmpty();
        assertThat(t.refresh(1900, null)).isEmpty();
        t.prune();
        assertThat(t.files()).isEmpty();
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
