package io.interstice.journal.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.LogFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state of a recovered log changes only on the thread that owns it. */
class LogStateTest {
  private static final int EVENTS = 3;

  @TempDir Path dir;

  private void writeLog() {
    try (var log = LogFixture.builder(dir).open()) {
      LogFixture.appendInterleaved(log, EVENTS, "a", "b");
    }
  }

  @Test
  void shouldLetOnlyTheOwnerOfTheRecoveredStateChangeIt() {
    writeLog();
    var state = LogRecovery.readOnly(dir, LogFixture.LOG_ID).recover().state();
    Map<String, List<long[]>> hole = Map.of("a", List.of(new long[] {EVENTS + 1, EVENTS + 1}));

    var e =
        assertThrows(
            CompletionException.class,
            () -> CompletableFuture.runAsync(() -> state.recordHoles(hole)).join());

    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("owned by"), e.getCause().getMessage());
    state.recordHoles(hole);
    assertEquals(EVENTS + 1, state.highestSequenceNr("a"));
    state.close();
  }

  @Test
  void shouldBeOwnedByTheWriterThreadOnceItStarts() {
    writeLog();
    var state = LogRecovery.readOnly(dir, LogFixture.LOG_ID).recover().state();
    var writer =
        new GroupCommitWriter(
            new LogFiles(dir),
            LogFixture.LOG_ID,
            LogFixture.settings().build(),
            state,
            io.interstice.journal.log.SegmentChannels.standard(),
            io.interstice.journal.log.LogListener.NONE);
    try {
      Map<String, List<long[]>> hole = Map.of("a", List.of(new long[] {EVENTS + 1, EVENTS + 1}));

      assertThrows(IllegalStateException.class, () -> state.recordHoles(hole));
      writer.recordHoles(hole).join();

      assertEquals(EVENTS + 1, state.highestSequenceNr("a"));
    } finally {
      writer.close();
      state.close();
    }
  }
}
