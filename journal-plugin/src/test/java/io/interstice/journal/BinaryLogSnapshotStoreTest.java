package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.internal.PersistenceHistory;
import io.interstice.journal.snapshot.SnapshotFile;
import io.interstice.journal.testkit.ClassicRecorder;
import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.SnapshotClient;
import io.interstice.journal.testkit.TestState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The snapshot-store contract through the Pekko snapshot protocol: selection by criteria, latest
 * first; deletion by metadata and by criteria; overwriting; and damaged files in each recovery
 * mode, also as a persistent actor's recovery sees them. Snapshots whose timestamps matter are
 * seeded as real files with chosen timestamps instead of waiting for the clock.
 */
class BinaryLogSnapshotStoreTest {
  private static final long MAX = Long.MAX_VALUE;

  @TempDir static Path dir;
  private static ActorSystem system;
  private static SnapshotClient snapshots;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("snapshots", JournalTestConfig.of(dir, "node-a"));
    snapshots = SnapshotClient.of(system);
    for (long seq : List.of(10L, 20L, 30L)) {
      seed(dir, "criteria", seq, seq * 100);
    }
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  /** Writes a snapshot file of state ["s<seq>"] with a chosen timestamp, as the store would. */
  private static void seed(Path dataDir, String persistenceId, long seq, long timestamp) {
    var state = stateAt(seq);
    var serializer = SerializationExtension.get(system).findSerializerFor(state);
    new SnapshotFile(
            persistenceId,
            seq,
            timestamp,
            serializer.identifier(),
            Serializers.manifestFor(serializer, state),
            serializer.toBinary(state))
        .writeTo(snapshotDir(dataDir, persistenceId));
  }

  private static TestState stateAt(long seq) {
    return new TestState(List.of("s" + seq));
  }

  private static Path snapshotDir(Path dataDir, String persistenceId) {
    return dataDir
        .resolve(BinaryLogSnapshotStore.SNAPSHOTS_DIR)
        .resolve(PersistenceHistory.fileName(persistenceId));
  }

  private static Path snapshotFile(Path dataDir, String persistenceId, long seq) {
    return snapshotDir(dataDir, persistenceId).resolve(SnapshotFile.fileName(seq));
  }

  private static void flipByteInTheMiddle(Path file) throws IOException {
    var bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= (byte) 0xFF;
    Files.write(file, bytes);
  }

  private static long loadedSeq(String persistenceId, SnapshotSelectionCriteria criteria) {
    return snapshots.load(persistenceId, criteria).map(s -> s.metadata().sequenceNr()).orElse(0L);
  }

  @ParameterizedTest(name = "maxSeq {0} maxTs {1} minSeq {2} minTs {3} selects {4}")
  @CsvSource({
    MAX + ", " + MAX + ", 0, 0, 30",
    "25, " + MAX + ", 0, 0, 20",
    "9, " + MAX + ", 0, 0, 0",
    MAX + ", 2500, 0, 0, 20",
    MAX + ", 999, 0, 0, 0",
    MAX + ", " + MAX + ", 15, 0, 30",
    "25, " + MAX + ", 15, 0, 20",
    "25, " + MAX + ", 21, 0, 0",
    MAX + ", " + MAX + ", 0, 1500, 30",
    MAX + ", 2500, 0, 1500, 20",
    MAX + ", 2500, 0, 2100, 0",
    "20, 2000, 20, 2000, 20",
  })
  void shouldSelectTheLatestSnapshotWithinTheCriteria(
      long maxSeq, long maxTs, long minSeq, long minTs, long expectedSeq) {
    var criteria = SnapshotSelectionCriteria.create(maxSeq, maxTs, minSeq, minTs);

    var loaded = snapshots.load("criteria", criteria);

    if (expectedSeq == 0) {
      assertTrue(loaded.isEmpty(), () -> "expected none, got " + loaded);
    } else {
      var selected = loaded.orElseThrow();
      assertEquals(
          new SnapshotMetadata("criteria", expectedSeq, expectedSeq * 100), selected.metadata());
      assertEquals(stateAt(expectedSeq), selected.snapshot());
    }
  }

  @Test
  void shouldLimitTheSelectionToTheRecoveryTarget() {
    assertEquals(
        20,
        snapshots
            .load("criteria", SnapshotSelectionCriteria.latest(), 25)
            .orElseThrow()
            .metadata()
            .sequenceNr());
  }

  @Test
  void shouldSelectNothingWithCriteriaNoneOrForAnUnknownId() {
    assertTrue(snapshots.load("criteria", SnapshotSelectionCriteria.none()).isEmpty());
    assertTrue(snapshots.load("no-snapshots", SnapshotSelectionCriteria.latest()).isEmpty());
  }

  @Test
  void shouldLoadTheLatestOfSnapshotsSavedOutOfOrder() {
    snapshots.save("latest", 3, stateAt(3));
    snapshots.save("latest", 5, stateAt(5));
    snapshots.save("latest", 4, stateAt(4));

    var selected = snapshots.load("latest", SnapshotSelectionCriteria.latest()).orElseThrow();

    assertEquals(5, selected.metadata().sequenceNr());
    assertEquals(stateAt(5), selected.snapshot());
  }

  @Test
  void shouldReturnTheSecondSnapshotSavedAtTheSameSequenceNr() throws IOException {
    snapshots.save("overwrite", 5, new TestState(List.of("first")));
    var second = snapshots.save("overwrite", 5, new TestState(List.of("second")));

    var selected = snapshots.load("overwrite", SnapshotSelectionCriteria.latest()).orElseThrow();

    assertEquals(new TestState(List.of("second")), selected.snapshot());
    assertEquals(second, selected.metadata());
    try (var files = Files.list(snapshotDir(dir, "overwrite"))) {
      assertEquals(
          List.of(SnapshotFile.fileName(5)),
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.endsWith(SnapshotFile.SUFFIX))
              .toList());
    }
  }

  @Test
  void shouldDeleteOneSnapshotByItsMetadata() {
    snapshots.save("delete-one", 1, stateAt(1));
    var second = snapshots.save("delete-one", 2, stateAt(2));

    snapshots.delete(second);

    assertFalse(Files.exists(snapshotFile(dir, "delete-one", 2)));
    assertEquals(1, loadedSeq("delete-one", SnapshotSelectionCriteria.latest()));
  }

  @Test
  void shouldDeleteOneSnapshotWhateverItsTimestampWhenTheMetadataHasNone() {
    snapshots.save("delete-any-time", 1, stateAt(1));
    snapshots.save("delete-any-time", 2, stateAt(2));

    snapshots.delete(new SnapshotMetadata("delete-any-time", 2, 0));

    assertEquals(1, loadedSeq("delete-any-time", SnapshotSelectionCriteria.latest()));
  }

  @Test
  void shouldKeepASnapshotWhoseTimestampDiffersFromTheMetadataToDelete() {
    seed(dir, "delete-other-time", 20, 2000);

    snapshots.delete(new SnapshotMetadata("delete-other-time", 20, 1234));

    assertEquals(20, loadedSeq("delete-other-time", SnapshotSelectionCriteria.latest()));
  }

  @Test
  void shouldDeleteEverySnapshotMatchingSequenceCriteria() {
    for (long seq : List.of(10L, 20L, 30L)) {
      seed(dir, "delete-by-seq", seq, seq * 100);
    }

    snapshots.delete("delete-by-seq", SnapshotSelectionCriteria.create(25, MAX));

    assertFalse(Files.exists(snapshotFile(dir, "delete-by-seq", 10)));
    assertFalse(Files.exists(snapshotFile(dir, "delete-by-seq", 20)));
    assertEquals(30, loadedSeq("delete-by-seq", SnapshotSelectionCriteria.latest()));
    assertEquals(0, loadedSeq("delete-by-seq", SnapshotSelectionCriteria.create(29, MAX)));
  }

  @Test
  void shouldDeleteOnlySnapshotsWithinTimestampCriteria() {
    for (long seq : List.of(10L, 20L, 30L)) {
      seed(dir, "delete-by-time", seq, seq * 100);
    }

    snapshots.delete("delete-by-time", SnapshotSelectionCriteria.create(MAX, 2500, 0, 1500));

    assertTrue(Files.exists(snapshotFile(dir, "delete-by-time", 10)));
    assertFalse(Files.exists(snapshotFile(dir, "delete-by-time", 20)));
    assertTrue(Files.exists(snapshotFile(dir, "delete-by-time", 30)));
    assertEquals(10, loadedSeq("delete-by-time", SnapshotSelectionCriteria.create(29, MAX)));
  }

  @Test
  void shouldFailTheLoadOfACorruptSnapshotInStrictMode() throws IOException {
    snapshots.save("corrupt-strict", 1, stateAt(1));
    snapshots.save("corrupt-strict", 2, stateAt(2));
    var damaged = snapshotFile(dir, "corrupt-strict", 2);
    flipByteInTheMiddle(damaged);

    var cause = snapshots.loadFailure("corrupt-strict", SnapshotSelectionCriteria.latest());

    var corrupt = assertInstanceOf(CorruptLogException.class, cause);
    assertEquals(damaged, corrupt.file());
    assertTrue(corrupt.getMessage().contains("snapshot CRC stored"), corrupt.getMessage());
    assertEquals(1, loadedSeq("corrupt-strict", SnapshotSelectionCriteria.create(1, MAX)));
  }

  @Test
  void shouldFailTheRecoveryOfAnActorWhoseSnapshotIsCorruptInStrictMode() throws IOException {
    var reporter = new TestKit(system);
    var actor = system.actorOf(ClassicRecorder.props("corrupt-actor", reporter.getRef()));
    reporter.expectMsgClass(ClassicRecorder.Recovered.class);
    actor.tell(new ClassicRecorder.Append(List.of("a", "b")), reporter.getRef());
    reporter.expectMsgClass(ClassicRecorder.Appended.class);
    actor.tell(new ClassicRecorder.Snapshot(), reporter.getRef());
    reporter.expectMsgClass(SaveSnapshotSuccess.class);
    reporter.watch(actor);
    system.stop(actor);
    reporter.expectTerminated(actor);
    flipByteInTheMiddle(snapshotFile(dir, "corrupt-actor", 2));

    system.actorOf(ClassicRecorder.props("corrupt-actor", reporter.getRef()));

    var failed = reporter.expectMsgClass(ClassicRecorder.RecoveryFailed.class);
    var corrupt = assertInstanceOf(CorruptLogException.class, failed.cause());
    assertTrue(corrupt.getMessage().contains(SnapshotFile.fileName(2)), corrupt.getMessage());
  }

  @Test
  void shouldFallBackToTheOlderSnapshotWhenSkippingCorruptedOnes(@TempDir Path skipDir)
      throws IOException {
    var config =
        JournalTestConfig.of(
            skipDir, "node-a", "interstice.snapshot-store.recovery-mode = skip-corrupted");
    var skipping = ActorSystem.create("skipping", config);
    try {
      var client = SnapshotClient.of(skipping);
      client.save("corrupt-skip", 1, stateAt(1));
      client.save("corrupt-skip", 2, stateAt(2));
      flipByteInTheMiddle(snapshotFile(skipDir, "corrupt-skip", 2));

      SelectedSnapshot selected =
          client.load("corrupt-skip", SnapshotSelectionCriteria.latest()).orElseThrow();

      assertEquals(1, selected.metadata().sequenceNr());
      assertEquals(stateAt(1), selected.snapshot());
    } finally {
      TestKit.shutdownActorSystem(skipping);
    }
  }
}
