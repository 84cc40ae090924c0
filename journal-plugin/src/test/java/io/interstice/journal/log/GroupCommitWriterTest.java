package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.log.internal.LogSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GroupCommitWriterTest {
  private static final int THREADS = 8;
  private static final int EVENTS_PER_ID = 150;
  private static final int SEGMENT_SIZE = 8 * 1024;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static String pid(int thread) {
    return "entity-" + thread;
  }

  /** Every thread appends its own id's events in order without waiting; returns all futures. */
  private List<CompletableFuture<Void>> appendConcurrently(NodeLog log) throws Exception {
    var start = new CountDownLatch(1);
    var submitted = new ArrayList<CompletableFuture<List<CompletableFuture<Void>>>>();
    for (int t = 0; t < THREADS; t++) {
      var pid = pid(t);
      submitted.add(
          CompletableFuture.supplyAsync(
              () -> {
                await(start);
                var futures = new ArrayList<CompletableFuture<Void>>();
                for (int seq = 1; seq <= EVENTS_PER_ID; seq++) {
                  futures.add(log.append(List.of(frame(pid, seq, text(pid, seq)))));
                }
                return futures;
              },
              pool));
    }
    start.countDown();
    var all = new ArrayList<CompletableFuture<Void>>();
    for (var s : submitted) {
      all.addAll(s.get());
    }
    return all;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertEveryIdInOrder(LogSource log) {
    for (int t = 0; t < THREADS; t++) {
      var pid = pid(t);
      var seqs = new ArrayList<Long>();
      log.replay(pid, 1, Long.MAX_VALUE, f -> seqs.add(f.firstSequenceNr()));
      assertEquals(EVENTS_PER_ID, seqs.size(), pid);
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i + 1L, seqs.get(i), pid + " out of order");
      }
      assertEquals(LogFixture.expectedTexts(pid, EVENTS_PER_ID), LogFixture.texts(log, pid));
      assertEquals(EVENTS_PER_ID, log.highestSequenceNr(pid));
    }
  }

  @ParameterizedTest
  @EnumSource(FsyncPolicy.class)
  void shouldCompleteConcurrentAppendsAndKeepThemAfterReopen(FsyncPolicy fsync) throws Exception {
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().fsync(fsync).segmentSize(SEGMENT_SIZE))
            .open()) {
      var futures = appendConcurrently(log);

      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

      assertEveryIdInOrder(log);
    }
    assertTrue(LogFixture.segments(dir).size() > 3, "appends must have rolled segments");
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().segmentSize(SEGMENT_SIZE)).open()) {
      assertTrue(log.damage().isEmpty());
      assertEveryIdInOrder(log);
    }
  }

  @Test
  void shouldAppendEveryFrameOfOneSubmissionTogether() {
    var frames = new ArrayList<PendingFrame>();
    for (int seq = 1; seq <= 40; seq++) {
      frames.add(frame(seq % 2 == 0 ? "even" : "odd", seq, "event " + seq));
    }

    try (var log = LogFixture.builder(dir, LogFixture.settings().segmentSize(1024)).open()) {
      log.append(frames).join();

      assertEquals(20, LogFixture.texts(log, "even").size());
      assertEquals(40, log.highestSequenceNr("even"));
      assertEquals(39, log.highestSequenceNr("odd"));
    }
    try (var log = LogFixture.builder(dir, LogFixture.settings().segmentSize(1024)).open()) {
      assertEquals(20, LogFixture.texts(log, "odd").size());
    }
  }

  @Test
  void shouldAcceptAFrameLargerThanTheSegmentSizeInASegmentOfItsOwn() {
    var big = "z".repeat(5000);

    try (var log = LogFixture.builder(dir, LogFixture.settings().segmentSize(1024)).open()) {
      log.append(List.of(frame("a", 1, "small"))).join();
      log.append(List.of(frame("a", 2, big))).join();
      log.append(List.of(frame("a", 3, "small again"))).join();
    }

    try (var log = LogFixture.builder(dir, LogFixture.settings().segmentSize(1024)).open()) {
      assertEquals(List.of("small", big, "small again"), LogFixture.texts(log, "a"));
    }
    assertEquals(3, LogFixture.segments(dir).size());
  }

  @Test
  void shouldFailAppendsAfterClose() {
    var log = LogFixture.builder(dir).open();
    log.close();

    var future = log.append(List.of(frame("a", 1, "too late")));

    var e = assertThrows(CompletionException.class, future::join);
    assertTrue(e.getCause() instanceof JournalIoException, e.toString());
    assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
  }
}
