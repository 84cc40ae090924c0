package io.interstice.journal.log.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.LogFixture;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.snapshot.SnapshotFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side files as an earlier build wrote them ({@code src/test/resources/side-files/}) still read,
 * and this build writes the same bytes for the same content: the formats of docs/log-format.md do
 * not drift when the code that reads and writes them changes.
 */
class SideFileFormatsTest {
  private static final String ID = "module|bank";

  @TempDir Path dir;

  private static byte[] resource(String name) {
    try (var in = SideFileFormatsTest.class.getResourceAsStream("/side-files/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource side-files/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path place(String resource, Path file) {
    LogFixture.write(file, resource(resource));
    return file;
  }

  @Test
  void shouldReadAndRewriteASidecarByteForByte() {
    var file = place("sidecar.idx", dir.resolve("old").resolve(SegmentNames.sidecarFileName(0)));

    var contents = SidecarIndex.readContents(file, 0);

    assertEquals(4096, contents.segmentSize());
    var entries = contents.entries();
    assertEquals(2, entries.size());
    assertEquals(ID, entries.persistenceId(0));
    assertEquals(List.of(30L, 1L, 3L), entry(entries, 0));
    assertEquals("module|shop", entries.persistenceId(1));
    assertEquals(List.of(210L, 1L, 1L), entry(entries, 1));
    SidecarIndex.write(dir, 0, 4096, entries);
    assertArrayEquals(resource("sidecar.idx"), LogFixture.read(SegmentNames.sidecar(dir, 0)));
  }

  private static List<Long> entry(SegmentEntries entries, int i) {
    return List.of(entries.position(i), entries.firstSequenceNr(i), entries.lastSequenceNr(i));
  }

  @Test
  void shouldReadAndRewriteACommitMarkByteForByte() {
    place("commit.dat", dir.resolve(SegmentNames.COMMIT_FILE));

    assertEquals(new CommitMark.Mark(0, 4096), CommitMark.read(dir).orElseThrow());
    CommitMark.writeDurably(dir, 0, 4096);
    assertArrayEquals(
        resource("commit.dat"), LogFixture.read(dir.resolve(SegmentNames.COMMIT_FILE)));
  }

  @Test
  void shouldReadAndRewriteADeletionsFileByteForByte() {
    place("deletions-v2.dat", dir.resolve("old").resolve(SegmentNames.DELETIONS_FILE));

    var old = DeletionState.load(dir.resolve("old"));

    assertEquals(2, old.deletedTo(ID));
    assertEquals(6, old.highestSequenceNr(ID));
    assertEquals(1, old.holes(ID).size());
    assertArrayEquals(new long[] {5, 6}, old.holes(ID).get(0));
    var fresh = DeletionState.load(dir);
    fresh.record(ID, 2, 3);
    fresh.recordHole(ID, 5, 6);
    assertArrayEquals(
        resource("deletions-v2.dat"), LogFixture.read(dir.resolve(SegmentNames.DELETIONS_FILE)));
  }

  @Test
  void shouldReadADeletionsFileOfVersionOneWithoutHoles() {
    place("deletions-v1.dat", dir.resolve(SegmentNames.DELETIONS_FILE));

    var state = DeletionState.load(dir);

    assertEquals(2, state.deletedTo(ID));
    assertEquals(3, state.highestSequenceNr(ID));
    assertEquals(List.of(), state.holes(ID));
  }

  @Test
  void shouldReadAndAppendToAHistoryByteForByte() {
    var histories = dir.resolve("histories");
    place("history.hist", histories.resolve(PersistenceHistory.fileName(ID) + ".hist"));

    assertEquals(
        List.of(
            new PersistenceHistory.Owner("node-a", 1), new PersistenceHistory.Owner("node-b", 4)),
        new PersistenceHistory(histories).owners(ID));
    var fresh = new PersistenceHistory(dir.resolve("fresh"));
    fresh.claim(ID, "node-a", 1);
    fresh.claim(ID, "node-b", 4);
    assertArrayEquals(
        resource("history.hist"),
        LogFixture.read(dir.resolve("fresh").resolve(PersistenceHistory.fileName(ID) + ".hist")));
  }

  @Test
  void shouldReadAndRewriteASnapshotAndItsMarkerByteForByte() throws IOException {
    var folder = dir.resolve("old").resolve(SnapshotDirectory.SNAPSHOTS_DIR);
    var ids = folder.resolve(PersistenceHistory.fileName(ID));
    var file = place("snapshot.snap", ids.resolve(SnapshotFile.fileName(42)));
    place("newest.dat", ids.resolve(SnapshotDirectory.NEWEST_FILE));

    var snapshot = SnapshotFile.read(file);

    assertEquals(ID, snapshot.persistenceId());
    assertEquals(42, snapshot.sequenceNr());
    assertEquals(1_700_000_000_000L, snapshot.timestamp());
    assertEquals(7431, snapshot.serializerId());
    assertEquals("12", snapshot.manifest());
    assertArrayEquals(new byte[] {1, 2, 3}, snapshot.payload());
    SnapshotDirectory.open(dir, RecoveryMode.STRICT).save(snapshot);
    var written = dir.resolve(SnapshotDirectory.SNAPSHOTS_DIR).resolve(ids.getFileName());
    assertArrayEquals(
        resource("snapshot.snap"), LogFixture.read(written.resolve(file.getFileName())));
    assertArrayEquals(
        resource("newest.dat"), LogFixture.read(written.resolve(SnapshotDirectory.NEWEST_FILE)));

    // The old marker still says a snapshot at 42 was saved: its loss is noticed.
    Files.delete(file);
    var e =
        assertThrows(
            CorruptLogException.class,
            () ->
                SnapshotDirectory.open(dir.resolve("old"), RecoveryMode.STRICT)
                    .newest(ID, SnapshotDirectory.Criteria.latest()));
    assertTrue(e.getMessage().contains("sequence number 42 was saved"), e.getMessage());
  }
}
