package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.LogStoppedException;
import io.interstice.journal.testkit.FaultyChannels;
import io.interstice.journal.testkit.FaultyChannels.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a failed force, a failed write and a short write do to the log, with faults injected into
 * the writer's channels over real files: nothing of the faulted batch is acknowledged, a failed
 * force stops the log until it is reopened, a rolled-back write does not, no partial frame is ever
 * appended after, and a reopened log holds every acknowledged event and only whole frames.
 */
class GroupCommitWriterFaultTest {
  @TempDir Path dir;
  private final FaultyChannels channels = new FaultyChannels();
  private NodeLog log;

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  private NodeLog open(FsyncPolicy fsync) {
    log =
        NodeLog.builder(dir, LogFixture.LOG_ID)
            .settings(
                LogFixture.settings().fsync(fsync).fsyncInterval(Duration.ofMillis(5)).build())
            .channels(channels)
            .open();
    return log;
  }

  private NodeLog reopen() {
    log.close();
    return open(FsyncPolicy.ALWAYS);
  }

  /** Appends a1..a{count}, each acknowledged; returns their texts. */
  private static List<String> acknowledged(NodeLog log, int count) {
    LogFixture.appendInterleaved(log, count, "a");
    return new ArrayList<>(LogFixture.expectedTexts("a", count));
  }

  private static Throwable failureOf(CompletableFuture<Void> future) {
    return assertThrows(CompletionException.class, future::join).getCause();
  }

  /**
   * Every frame of every segment verifies: no partial frame was left in the files, only the zeros
   * the writer fills ahead of its frames (preallocation).
   */
  private void assertOnlyWholeFrames() {
    for (var segment : LogFixture.segments(dir)) {
      var scan = SegmentScanner.scan(segment, f -> {});
      boolean zerosAfterFrames = SegmentScanner.endOfData(segment) <= scan.validEnd();
      assertTrue(
          scan.damage().isEmpty() && zerosAfterFrames,
          "damage or a torn frame left behind: " + scan);
    }
  }

  @Test
  void shouldFailEverySubmissionOfTheBatchWhoseForceFailed() throws Exception {
    open(FsyncPolicy.ALWAYS);
    var before = acknowledged(log, 3);
    // Hold the force of one append so that the next submissions queue up into one batch.
    channels.holdNextForce();
    var held = log.append(List.of(frame("a", 4, text("a", 4))));
    channels.awaitForceHeld();
    long writtenBefore = channels.written();
    int forcesBefore = channels.forces();
    var batch = new ArrayList<CompletableFuture<Void>>();
    long batchBytes = 0;
    for (var pid : List.of("b", "c", "d")) {
      var frame = frame(pid, 1, text(pid, 1));
      batch.add(log.append(List.of(frame)));
      batchBytes += frame.length();
    }
    channels.arm(Fault.FORCE_FAILS);
    channels.releaseForce();

    held.join();
    for (var future : batch) {
      assertInstanceOf(LogStoppedException.class, failureOf(future));
    }
    // One batch: all three frames were written, and its one force failed them all.
    assertEquals(writtenBefore + batchBytes, channels.written());
    assertEquals(forcesBefore + 1, channels.forces());

    channels.disarm();
    before.add(text("a", 4));
    reopen();
    assertEquals(before, LogFixture.texts(log, "a"));
    for (var pid : List.of("b", "c", "d")) {
      assertEquals(List.of(), LogFixture.texts(log, pid), "the failed batch came back");
    }
    assertOnlyWholeFrames();
  }

  @Test
  void shouldRefuseEveryAppendAfterAFailedForceUntilReopened() {
    open(FsyncPolicy.ALWAYS);
    var before = acknowledged(log, 5);
    channels.arm(Fault.FORCE_FAILS);

    var failure = failureOf(log.append(List.of(frame("a", 6, text("a", 6)))));
    assertInstanceOf(LogStoppedException.class, failure);
    assertTrue(failure.getMessage().contains("reopen the log"), failure.getMessage());
    channels.disarm();
    int forces = channels.forces();
    var refused = failureOf(log.append(List.of(frame("b", 1, text("b", 1)))));
    assertInstanceOf(LogStoppedException.class, refused);
    assertEquals(forces, channels.forces(), "a failed force was retried");
    assertEquals(before, LogFixture.texts(log, "a"));

    reopen();
    assertTrue(log.damage().isEmpty(), log.damage().toString());
    assertEquals(before, LogFixture.texts(log, "a"), "the failed batch came back");
    log.append(List.of(frame("a", 6, "after reopening"))).join();
    before.add("after reopening");
    assertEquals(before, LogFixture.texts(log, "a"));
    assertOnlyWholeFrames();
    assertEquals(before, LogFixture.texts(reopen(), "a"));
  }

  @Test
  void shouldNeverRetryAFailedBackgroundForce() throws Exception {
    open(FsyncPolicy.INTERVAL);
    int opened = channels.forces();
    channels.arm(Fault.FORCE_FAILS);
    // Acknowledged once written: that is what fsync = interval means.
    log.append(List.of(frame("a", 1, text("a", 1)))).join();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (channels.forces() == opened && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(opened + 1, channels.forces(), "the background force ran once");

    assertInstanceOf(
        LogStoppedException.class, failureOf(log.append(List.of(frame("a", 2, text("a", 2))))));
    Thread.sleep(50); // ten intervals
    assertEquals(opened + 1, channels.forces(), "a failed force was retried");
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"WRITE_FAILS", "SHORT_WRITE_THEN_FAILS"})
  void shouldRollBackAFailedWriteAndAcceptLaterAppends(Fault fault) {
    open(FsyncPolicy.ALWAYS);
    var before = acknowledged(log, 5);
    channels.arm(fault);

    var failure = failureOf(log.append(List.of(frame("a", 6, text("a", 6)))));
    assertInstanceOf(JournalIoException.class, failure);
    assertTrue(channels.injected() > 0);
    channels.disarm();
    assertOnlyWholeFrames();

    log.append(List.of(frame("a", 6, "after the failed write"))).join();
    before.add("after the failed write");
    assertEquals(before, LogFixture.texts(log, "a"));
    assertOnlyWholeFrames();
    assertEquals(before, LogFixture.texts(reopen(), "a"));
  }

  @Test
  void shouldCompleteAppendsThatTheFileTakesInShortPieces() {
    open(FsyncPolicy.ALWAYS);
    channels.arm(Fault.SHORT_WRITES);

    var texts = acknowledged(log, 10);

    assertTrue(channels.injected() >= 10, "the writes were not cut short");
    channels.disarm();
    assertEquals(texts, LogFixture.texts(log, "a"));
    assertOnlyWholeFrames();
    assertEquals(texts, LogFixture.texts(reopen(), "a"));
  }

  @Test
  void shouldAppendWithoutZerosAheadWhenFillingThemFails() {
    log =
        NodeLog.builder(dir, LogFixture.LOG_ID)
            .settings(LogFixture.settings().fsync(FsyncPolicy.ALWAYS).preallocate(256).build())
            .channels(channels)
            .open();
    channels.arm(Fault.FILL_FAILS);

    var texts = acknowledged(log, 20);

    assertTrue(channels.injected() >= 1, "no zero fill was attempted past the first 256 bytes");
    var segment = LogFixture.segments(dir).get(0);
    long frames = SegmentScanner.scan(segment, f -> {}).validEnd();
    assertEquals(frames, LogFixture.size(segment), "the file grows by its frames alone");
    channels.disarm();
    assertEquals(texts, LogFixture.texts(reopen(), "a"));
  }

  @Test
  void shouldStopTheLogWhenTheForceOfTheZerosFails() {
    log =
        NodeLog.builder(dir, LogFixture.LOG_ID)
            .settings(LogFixture.settings().fsync(FsyncPolicy.ALWAYS).preallocate(256).build())
            .channels(channels)
            .open();
    var before = acknowledged(log, 1);
    // The next appends pass the zeros filled with the segment: each fills more and forces them.
    channels.arm(Fault.FORCE_FAILS);
    int forces = channels.forces();

    var failed = log.append(List.of(LogFixture.frame("a", 2, "x".repeat(400))));

    assertInstanceOf(LogStoppedException.class, failureOf(failed));
    assertEquals(forces + 1, channels.forces(), "one force, of the zeros, never retried");
    channels.disarm();
    assertInstanceOf(
        LogStoppedException.class,
        failureOf(log.append(List.of(LogFixture.frame("a", 2, "later")))),
        "stopped until reopened");
    assertEquals(before, LogFixture.texts(reopen(), "a"));
  }
}
