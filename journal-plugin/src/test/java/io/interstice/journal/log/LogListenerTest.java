package io.interstice.journal.log;

import static io.interstice.journal.log.LogFixture.frame;
import static io.interstice.journal.log.LogFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node log tells its listener of every group commit and force, and a faulty one harms nothing.
 */
class LogListenerTest {
  @TempDir Path dir;

  /** Remembers what it heard, for the test thread to take. */
  private static final class Recorder implements LogListener {
    final BlockingQueue<long[]> appended = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> forced = new LinkedBlockingQueue<>();

    @Override
    public void appended(int frames, long bytes) {
      appended.add(new long[] {frames, bytes});
    }

    @Override
    public void forced(long nanos) {
      forced.add(nanos);
    }
  }

  @Test
  void shouldReportAGroupCommitWithItsFramesAndBytesAndItsForce() throws Exception {
    var recorder = new Recorder();
    var frames = List.of(frame("a", 1, text("a", 1)), frame("b", 1, text("b", 1)));
    long bytes = frames.get(0).length() + frames.get(1).length();
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().fsync(FsyncPolicy.ALWAYS))
            .listener(recorder)
            .open()) {
      log.append(frames).join();

      var commit = recorder.appended.poll(15, TimeUnit.SECONDS);
      assertNotNull(commit, "no group commit reported");
      assertEquals(2, commit[0]);
      assertEquals(bytes, commit[1]);
      var force = recorder.forced.poll(15, TimeUnit.SECONDS);
      assertNotNull(force, "no force reported");
      assertTrue(force > 0, "force took " + force + " ns");
    }
  }

  @Test
  void shouldReportNoForceWhenForcingIsOff() throws Exception {
    var recorder = new Recorder();
    try (var log = LogFixture.builder(dir).listener(recorder).open()) {
      log.append(List.of(frame("a", 1, text("a", 1)))).join();

      assertNotNull(recorder.appended.poll(15, TimeUnit.SECONDS), "no group commit reported");
      assertEquals(List.of(), List.copyOf(recorder.forced));
    }
  }

  @Test
  void shouldGoOnWritingWhenTheListenerThrows() {
    var failing =
        new LogListener() {
          @Override
          public void appended(int frames, long bytes) {
            throw new IllegalStateException("listener broke");
          }

          @Override
          public void forced(long nanos) {
            throw new IllegalStateException("listener broke");
          }
        };
    try (var log =
        LogFixture.builder(dir, LogFixture.settings().fsync(FsyncPolicy.ALWAYS))
            .listener(failing)
            .open()) {
      LogFixture.appendInterleaved(log, 3, "a");

      assertEquals(LogFixture.expectedTexts("a", 3), LogFixture.texts(log, "a"));
    }
  }
}
