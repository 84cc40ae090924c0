package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deleteTo removes dead sealed segments from disk, holds nothing of them open that would keep their
 * space, and never lowers the highest sequence number.
 */
class NodeLogDeletionTest {
  private static final int SEGMENT_SIZE = 1024;
  private static final int EVENTS = 40;
  private static final Path PROC_FD = Path.of("/proc/self/fd");
  private static final Path PROC_MAPS = Path.of("/proc/self/maps");
  private static final String DELETED = " (deleted)";

  @TempDir Path dir;

  private NodeLog open() {
    return LogFixture.builder(dir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open();
  }

  /** Events of "a" fill several segments; "b" shares only the last ones. */
  private static void writeHistory(NodeLog log) {
    LogFixture.appendInterleaved(log, EVENTS, "a");
    LogFixture.appendInterleaved(log, 3, "b");
  }

  /** Segments holding only events of "a" with sequence numbers up to {@code seq}. */
  private static List<Path> segmentsOnlyOfAUpTo(Path dir, long seq) {
    var out = new ArrayList<Path>();
    for (var segment : LogFixture.segments(dir)) {
      var frames = LogFixture.framesOf(segment);
      if (frames.stream()
          .allMatch(f -> f.persistenceId().equals("a") && f.lastSequenceNr() <= seq)) {
        out.add(segment);
      }
    }
    return out;
  }

  @Test
  void shouldRemoveSealedSegmentsWhoseEventsAreAllDeleted() {
    List<Path> dead;
    try (var log = open()) {
      writeHistory(log);
      var all = LogFixture.segments(dir);
      dead = segmentsOnlyOfAUpTo(dir, EVENTS);
      assertTrue(dead.size() >= 3, "need several segments of 'a' only: " + all);

      log.deleteTo("a", EVENTS, EVENTS).join();

      for (var segment : dead) {
        assertFalse(Files.exists(segment), segment + " kept");
        assertFalse(Files.exists(SegmentNames.sidecar(dir, LogFixture.baseOf(segment))));
      }
      assertEquals(all.size() - dead.size(), LogFixture.segments(dir).size());
      assertEquals(EVENTS, log.highestSequenceNr("a"));
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(LogFixture.expectedTexts("b", 3), LogFixture.texts(log, "b"));
    }
    try (var log = open()) {
      assertEquals(EVENTS, log.highestSequenceNr("a"), "highest lowered after reopen");
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(LogFixture.expectedTexts("b", 3), LogFixture.texts(log, "b"));
      assertTrue(log.damage().isEmpty());
      dead.forEach(segment -> assertFalse(Files.exists(segment)));

      log.append(List.of(frame("a", EVENTS + 1, text("a", EVENTS + 1)))).join();
      assertEquals(EVENTS + 1, log.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldHoldNoFileHandleOrMappingOfARemovedSegment() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(PROC_FD), "needs /proc/self/fd and /proc/self/maps");
    try (var log = open()) {
      writeHistory(log);
    }
    // Without sidecars the next open scans every sealed segment, as after a crash before sealing.
    for (var sidecar : LogFixture.sidecars(dir)) {
      Files.delete(sidecar);
    }
    try (var log = open()) {
      assertEquals(LogFixture.expectedTexts("a", EVENTS), LogFixture.texts(log, "a"));

      log.deleteTo("a", EVENTS, EVENTS).join();

      assertTrue(LogFixture.segments(dir).size() < 3, "segments of 'a' were not removed");
      assertEquals(List.of(), handlesOfDeletedFilesIn(dir));
    }
  }

  /** Open descriptors and memory mappings of this process that refer to removed files in dir. */
  private static List<String> handlesOfDeletedFilesIn(Path dir) throws IOException {
    var found = new ArrayList<String>();
    try (var fds = Files.list(PROC_FD)) {
      for (var fd : fds.toList()) {
        try {
          var target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(dir.toString()) && target.endsWith(DELETED)) {
            found.add("fd " + fd.getFileName() + " -> " + target);
          }
        } catch (IOException e) {
          // The descriptor closed while listing (the listing's own, for one): not a leak.
        }
      }
    }
    for (var mapping : Files.readAllLines(PROC_MAPS)) {
      if (mapping.contains(dir.toString()) && mapping.endsWith(DELETED)) {
        found.add("mapping " + mapping);
      }
    }
    return found;
  }

  @Test
  void shouldKeepSegmentsThatStillHoldLiveEvents() {
    try (var log = open()) {
      writeHistory(log);
      int before = LogFixture.segments(dir).size();
      long deleteTo = EVENTS / 2;
      var dead = segmentsOnlyOfAUpTo(dir, deleteTo);

      log.deleteTo("a", deleteTo, EVENTS).join();

      assertEquals(before - dead.size(), LogFixture.segments(dir).size());
      var replayed = new ArrayList<Long>();
      log.replay("a", deleteTo + 1, Long.MAX_VALUE, f -> replayed.add(f.firstSequenceNr()));
      var expected = new ArrayList<Long>();
      for (long seq = deleteTo + 1; seq <= EVENTS; seq++) {
        expected.add(seq);
      }
      assertEquals(expected, replayed);
    }
    try (var log = open()) {
      assertEquals(EVENTS / 2, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldNeverLowerTheHighestSequenceNrOrTheDeletionMark() {
    try (var log = open()) {
      writeHistory(log);
      log.deleteTo("a", Long.MAX_VALUE, 0).join();
      log.deleteTo("a", 5, 0).join();

      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
    }
    try (var log = open()) {
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
    }
  }

  @Test
  void shouldNeverRemoveTheActiveSegment() {
    try (var log = open()) {
      LogFixture.appendInterleaved(log, 3, "a");

      log.deleteTo("a", 3, 3).join();

      assertEquals(1, LogFixture.segments(dir).size());
      log.append(List.of(frame("a", 4, "next"))).join();
    }
    try (var log = open()) {
      assertEquals(4, log.highestSequenceNr("a"));
      assertEquals(3, log.deletedTo("a"));
    }
  }

  @Test
  void shouldRemoveDeadSegmentsWhileAppendsAndReplaysGoOn() throws Exception {
    try (var log = open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a");
      var appends = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
      var appender =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                for (int seq = 1; seq <= EVENTS; seq++) {
                  appends.add(log.append(List.of(frame("b", seq, text("b", seq)))));
                }
              });
      for (long to = 4; to <= EVENTS; to += 4) {
        log.deleteTo("a", to, EVENTS).join();
        assertEquals(
            LogFixture.expectedTexts("a", EVENTS).subList((int) to, EVENTS),
            replayedTexts(log, "a", to + 1));
      }
      appender.join();
      appends.forEach(java.util.concurrent.CompletableFuture::join);

      assertEquals(LogFixture.expectedTexts("b", EVENTS), LogFixture.texts(log, "b"));
      assertTrue(segmentsOnlyOfAUpTo(dir, EVENTS).isEmpty(), "a segment of deleted events is left");
    }
    try (var log = open()) {
      assertTrue(log.damage().isEmpty(), log.damage().toString());
      assertEquals(EVENTS, log.deletedTo("a"));
      assertEquals(EVENTS, log.highestSequenceNr("a"));
      assertEquals(LogFixture.expectedTexts("b", EVENTS), LogFixture.texts(log, "b"));
    }
  }

  private static List<String> replayedTexts(NodeLog log, String pid, long from) {
    var out = new ArrayList<String>();
    log.replay(
        pid,
        from,
        Long.MAX_VALUE,
        f -> {
          f.events()
              .forEach(
                  e -> out.add(new String(e.payload(), java.nio.charset.StandardCharsets.UTF_8)));
          return true;
        });
    return out;
  }
}
