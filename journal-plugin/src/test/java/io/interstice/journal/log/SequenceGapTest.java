package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.internal.CommitMark;
import io.interstice.journal.log.internal.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay's contiguity check: a gap is damage unless a deletion or a recorded hole explains it. */
class SequenceGapTest {
  @TempDir Path dataDir;

  private JournalStore open(RecoveryMode mode) {
    return JournalStore.open(
        dataDir,
        LogFixture.LOG_ID,
        LogFixture.settings()
            .fsync(FsyncPolicy.ALWAYS)
            .segmentSize(64 * 1024)
            .recoveryMode(mode)
            .build());
  }

  private static List<Long> sequenceNrs(JournalStore store, String pid) {
    var out = new ArrayList<Long>();
    store.replay(pid, 1, Long.MAX_VALUE, e -> out.add(e.sequenceNr()));
    return out;
  }

  private void writeWithGap() {
    try (var store = open(RecoveryMode.STRICT)) {
      for (long seq : new long[] {1, 2, 4}) {
        store.append(List.of(frame("x", seq, text("x", seq)))).join();
      }
    }
  }

  @Test
  void shouldRefuseAStrictReplayAcrossAGapNothingExplains() {
    writeWithGap();

    try (var store = open(RecoveryMode.STRICT)) {
      var e = assertThrows(CorruptLogException.class, () -> sequenceNrs(store, "x"));
      assertTrue(e.getMessage().contains("events 3..3 of 'x' are missing"), e.getMessage());
      assertTrue(e.getMessage().contains("00000000000000000000.log"), e.getMessage());
      assertEquals("x", e.persistenceId().orElseThrow());
    }
  }

  @Test
  void shouldReportAGapAndReplayOnInSkipMode() {
    writeWithGap();

    try (var store = open(RecoveryMode.SKIP_CORRUPTED)) {
      assertEquals(List.of(1L, 2L, 4L), sequenceNrs(store, "x"));
      var damage = store.damage();
      assertEquals(1, damage.size(), damage.toString());
      assertEquals(3, damage.get(0).firstSequenceNr());
    }
  }

  @Test
  void shouldAcceptTheGapOfARejectedWriteAfterARestart() {
    try (var store = open(RecoveryMode.STRICT)) {
      store.append(List.of(frame("x", 1, "one"))).join();
      store.recordRejected("x", 2, 3);
      store.append(List.of(frame("x", 4, "four"))).join();
    }
    try (var store = open(RecoveryMode.STRICT)) {
      assertEquals(List.of(1L, 4L), sequenceNrs(store, "x"));
      assertTrue(store.damage().isEmpty());
    }
  }

  @Test
  void shouldNeverReportAHighestBelowARejectedWrite() {
    try (var store = open(RecoveryMode.STRICT)) {
      store.append(List.of(frame("x", 1, "one"))).join();
      store.recordRejected("x", 2, 5);
    }
    try (var store = open(RecoveryMode.STRICT)) {
      assertEquals(5, store.highestSequenceNr("x"));
      assertEquals(List.of(1L), sequenceNrs(store, "x"));
    }
  }

  @Test
  void shouldFindEventsMissingAtTheEndOfAnIdsHistory() {
    try (var store = open(RecoveryMode.STRICT)) {
      store.append(List.of(frame("x", 1, "one"))).join();
      store.append(List.of(frame("x", 2, "two"))).join();
      store.deleteTo("x", 1);
    }
    // Deletion state says 2 was the highest; now a frame that held it is cut away by hand.
    var segment = LogFixture.segments(dataDir.resolve("journal").resolve(LogFixture.LOG_ID)).get(0);
    var frames = LogFixture.framesOf(segment);
    var second = frames.get(frames.size() - 1);
    var log = new String(second.events().get(0).payload(), StandardCharsets.UTF_8);
    assertEquals("two", log);
    LogFiles.truncate(segment, LogFixture.offsetOf(second, 0));
    CommitMark.writeDurably(segment.getParent(), 0, LogFixture.offsetOf(second, 0));

    try (var store = open(RecoveryMode.STRICT)) {
      var e = assertThrows(CorruptLogException.class, () -> sequenceNrs(store, "x"));
      assertTrue(e.getMessage().contains("events 2..2 of 'x'"), e.getMessage());
      assertTrue(e.getMessage().contains(SegmentNames.DELETIONS_FILE), e.getMessage());
    }
  }
}
