package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.JournalIoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ENOSPC from a 256 KiB tmpfs. The log lives in {@code <mount>/log}; a filler file next to it
 * takes space away and gives it back. Logs are reopened before the file system is unmounted.
 */
class GroupCommitWriterIoErrorTest {
  private static final int PAGE = 4096;

  @TempDir Path tmp;
  private Path mount;
  private boolean mounted;
  private Path logDir;
  private Path filler;
  private NodeLog log;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    mount = Files.createDirectory(tmp.resolve("small-disk"));
    var result = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
    Assumptions.assumeTrue(result.isEmpty(), "cannot mount a tmpfs here: " + result);
    mounted = true;
    logDir = mount.resolve("log");
    filler = mount.resolve("filler");
  }

  @AfterEach
  void unmount() throws Exception {
    if (log != null) {
      log.close();
    }
    if (mounted) {
      var result = run("umount", mount.toString());
      if (!result.isEmpty()) {
        result = run("umount", "--lazy", mount.toString());
      }
      assertEquals("", result, "umount failed");
    }
  }

  /** Runs a command; returns "" on success, else its exit code and output. */
  private static String run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = process.waitFor();
    return rc == 0 ? "" : "exit " + rc + ": " + output.trim();
  }

  private NodeLog open(long segmentSize) {
    return LogFixture.builder(
            logDir, LogFixture.settings().fsync(FsyncPolicy.ALWAYS).segmentSize(segmentSize))
        .open();
  }

  private static String payload(long seq, int length) {
    var head = "event-" + seq + "-";
    return head + "p".repeat(length - head.length());
  }

  private static JournalIoException failureOf(CompletableFuture<Void> future) {
    var e = assertThrows(CompletionException.class, future::join);
    return assertInstanceOf(JournalIoException.class, e.getCause());
  }

  @Test
  void shouldFailEveryAppendOfAFullDiskAndKeepWhatWasAcknowledged() throws Exception {
    Files.write(filler, new byte[16 * PAGE]);
    log = open(1024 * 1024);
    var acknowledged = new ArrayList<String>();
    JournalIoException failure = null;
    for (long seq = 1; failure == null; seq++) {
      assertTrue(seq < 1000, "the disk never filled up");
      var text = payload(seq, 2000);
      var future = log.append(List.of(frame("a", seq, text)));
      try {
        future.join();
        acknowledged.add(text);
      } catch (CompletionException e) {
        failure = assertInstanceOf(JournalIoException.class, e.getCause());
      }
    }
    var segment = LogFixture.segments(logDir).get(0);
    assertTrue(failure.getMessage().contains(segment.toString()), failure.getMessage());

    var burst = new ArrayList<CompletableFuture<Void>>();
    for (long seq = 1; seq <= 20; seq++) {
      burst.add(log.append(List.of(frame("b", seq, payload(seq, 2000)))));
    }
    burst.forEach(GroupCommitWriterIoErrorTest::failureOf);

    var scan = SegmentScanner.scan(segment, f -> {});
    assertTrue(scan.healthy(), "a failed append left bytes behind: " + scan);
    assertEquals(acknowledged.size(), scan.frameCount());
    assertEquals(acknowledged, LogFixture.texts(log, "a"));
    assertEquals(0, log.highestSequenceNr("b"));

    Files.delete(filler);
    long next = acknowledged.size() + 1;
    log.append(List.of(frame("a", next, "after freeing space"))).join();
    acknowledged.add("after freeing space");
    log.close();

    log = open(1024 * 1024);
    assertTrue(log.damage().isEmpty());
    assertEquals(acknowledged, LogFixture.texts(log, "a"));
    assertEquals(List.of(), LogFixture.texts(log, "b"));
  }

  @Test
  void shouldRefuseADirectoryOnAReadOnlyFileSystemNamingIt() throws Exception {
    Files.createDirectory(logDir);
    assertEquals("", run("mount", "-o", "remount,ro", mount.toString()), "remount failed");

    var existing = assertThrows(JournalIoException.class, () -> open(1024 * 1024));
    assertTrue(existing.getMessage().contains(logDir.toString()), existing.getMessage());
    var missing = mount.resolve("other");
    var e =
        assertThrows(
            JournalIoException.class, () -> NodeLog.builder(missing, LogFixture.LOG_ID).open());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void shouldKeepAppendingWhenTheDiskFillsWhileStartingANewSegment() throws Exception {
    log = open(4 * PAGE);
    var acknowledged = new ArrayList<String>();
    for (long seq = 1; seq <= 4; seq++) {
      var text = payload(seq, 3900);
      log.append(List.of(frame("a", seq, text))).join();
      acknowledged.add(text);
    }
    var first = LogFixture.segments(logDir).get(0);
    var big = frame("a", 5, payload(5, 3900));
    assertTrue(LogFixture.size(first) + big.length() > 4 * PAGE, "the next frame must roll");
    // Leave one page: enough for the sealed segment's sidecar, none for the new segment's header.
    long usable = Files.getFileStore(mount).getUsableSpace();
    Files.write(filler, new byte[(int) (usable - PAGE)]);
    assertEquals(PAGE, Files.getFileStore(mount).getUsableSpace());

    failureOf(log.append(List.of(big)));

    Files.delete(filler);
    log.append(List.of(frame("a", 5, "small, fits the old segment"))).join();
    acknowledged.add("small, fits the old segment");
    assertEquals(acknowledged, LogFixture.texts(log, "a"));
    var text = payload(6, 3900);
    log.append(List.of(frame("a", 6, text))).join();
    acknowledged.add(text);
    assertEquals(acknowledged, LogFixture.texts(log, "a"));
    log.close();

    log = open(4 * PAGE);
    assertTrue(log.damage().isEmpty());
    assertEquals(acknowledged, LogFixture.texts(log, "a"));
    assertEquals(2, LogFixture.segments(logDir).size());
  }
}
