package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.snapshot.SnapshotFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background scrub finds damage at rest in sealed segments and snapshots, names file, offset
 * and (from the sidecar) owner, counts each damaged region once, and never holds up appends.
 */
class LogScrubberTest {
  private static final int SMALL_SEGMENT = 1024;
  private static final int EVENTS = 12;

  private static final long DEFAULT_RATE = LogSettings.defaults().scrubBytesPerSecond();

  @TempDir Path dataDir;

  private JournalStore open(Duration scrubInterval, long rate) {
    return JournalStore.open(
        dataDir,
        LogFixture.LOG_ID,
        LogFixture.settings()
            .fsync(FsyncPolicy.ALWAYS)
            .segmentSize(SMALL_SEGMENT)
            .scrubInterval(scrubInterval)
            .scrubBytesPerSecond(rate)
            .build());
  }

  private Path logDir() {
    return dataDir.resolve(JournalStore.JOURNAL_DIR).resolve(LogFixture.LOG_ID);
  }

  private void write(JournalStore store) {
    for (int seq = 1; seq <= EVENTS; seq++) {
      for (var pid : List.of("a", "b", "c")) {
        store.append(List.of(frame(pid, seq, text(pid, seq)))).join();
      }
    }
  }

  private void saveSnapshot() {
    SnapshotDirectory.open(dataDir, RecoveryMode.STRICT)
        .save(new SnapshotFile("a", 5, 1L, 42, "", "state".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldFindNothingInAHealthyLog() {
    try (var store = open(Duration.ZERO, DEFAULT_RATE)) {
      write(store);
      saveSnapshot();

      assertEquals(List.of(), store.scrubber().scrubNow());
      assertEquals(1, store.scrubber().passes());
      assertTrue(store.scrubber().bytesRead() > SMALL_SEGMENT, "the scrub read the segments");
    }
  }

  @Test
  void shouldNameFileOffsetAndOwnerOfDamageInASealedSegmentAndCountItOnce() {
    try (var store = open(Duration.ZERO, DEFAULT_RATE)) {
      write(store);
      var sealed = LogFixture.segments(logDir()).get(0);
      var frames = LogFixture.framesOf(sealed);
      var victim = frames.get(2);
      long offset = LogFixture.offsetOf(victim, LogFixture.baseOf(sealed));
      LogFixture.flipBit(sealed, offset + 20, 3);

      var found = store.scrubber().scrubNow();

      assertEquals(1, found.size(), found.toString());
      var damage = found.get(0);
      assertEquals(sealed, damage.file());
      assertEquals(offset, damage.offset());
      assertEquals(victim.persistenceId(), damage.persistenceId());
      assertEquals(1, store.scrubber().damageFound());
      store.scrubber().scrubNow();
      assertEquals(1, store.scrubber().damageFound(), "the same damage is counted once");
      assertTrue(store.damage().contains(damage), "the store reports what the scrub found");
    }
  }

  @Test
  void shouldFindADamagedSnapshot() {
    try (var store = open(Duration.ZERO, DEFAULT_RATE)) {
      write(store);
      saveSnapshot();
      var snapshot =
          dataDir
              .resolve(SnapshotDirectory.SNAPSHOTS_DIR)
              .resolve("a")
              .resolve(SnapshotFile.fileName(5));
      LogFixture.flipBit(snapshot, 30, 0);

      var found = store.scrubber().scrubNow();

      assertEquals(1, found.size(), found.toString());
      assertEquals(snapshot, found.get(0).file());
    }
  }

  @Test
  void shouldScrubInTheBackgroundRightAfterOpening() throws Exception {
    try (var store = open(Duration.ZERO, DEFAULT_RATE)) {
      write(store);
    }
    var sealed = LogFixture.segments(logDir()).get(0);
    LogFixture.flipBit(sealed, LogFixture.size(sealed) - 5, 1);

    try (var store = open(Duration.ofHours(24), DEFAULT_RATE)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (store.scrubber().passes() == 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      assertEquals(1, store.scrubber().passes(), "one pass right after opening, none since");
      assertEquals(1, store.scrubber().damageFound());
      assertEquals(sealed, store.scrubber().findings().get(0).file());
    }
  }

  @Test
  void shouldLetAppendsThroughWhileASlowScrubIsUnderWay() throws Exception {
    try (var store = open(Duration.ZERO, DEFAULT_RATE)) {
      write(store);
    }
    // 100 bytes/s: the scrub pauses for seconds after each segment it has read.
    try (var store = open(Duration.ofHours(24), 100)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (store.scrubber().bytesRead() == 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      assertTrue(store.scrubber().bytesRead() > 0, "the scrub has begun");
      for (int seq = EVENTS + 1; seq <= EVENTS + 50; seq++) {
        store.append(List.of(frame("a", seq, text("a", seq)))).get(30, TimeUnit.SECONDS);
      }
      assertEquals(0, store.scrubber().passes(), "the scrub is still pacing itself");
      assertEquals(EVENTS + 50, store.highestSequenceNr("a"));
    }
  }
}
