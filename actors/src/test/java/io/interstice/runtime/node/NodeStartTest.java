package io.interstice.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.journal.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that cannot open its log does not start: invalid journal settings and a log directory the
 * log refuses fail {@code start()} with the journal's own error, and nothing is written. Before,
 * such a node started, served, and let every call wait for a journal that was not there.
 */
class NodeStartTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseInvalidJournalSettingsBeforeWritingAnything() throws Exception {
    for (var setting :
        List.of(
            "interstice.journal.segment-size = 10",
            "interstice.journal.preallocate = lots",
            "interstice.journal.fsync = sometimes",
            "interstice.journal.replay-read-ahead = 0")) {
      var data = dir.resolve("data-" + Math.abs(setting.hashCode()));
      var refused =
          assertThrows(
              JournalException.class,
              () -> IntersticeNode.builder().dataDir(data).config(setting).start().close(),
              setting);
      var key = setting.substring("interstice.journal.".length(), setting.indexOf(' '));
      assertTrue(refused.getMessage().startsWith("invalid configuration interstice.journal: "));
      assertTrue(refused.getMessage().contains(key), refused.getMessage());
      assertFalse(Files.exists(data.resolve("journal")), setting + " wrote a log");
    }
  }

  @Test
  void shouldRefuseASnapshotStoreItCannotOpen() throws Exception {
    var file = Files.writeString(dir.resolve("snapshots"), "a file where a directory belongs");
    var refused =
        assertThrows(
            JournalException.class, () -> IntersticeNode.builder().dataDir(dir).start().close());
    assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
  }

  @Test
  void shouldRefuseAJournalThatFailsAfterItsSettingsAtOnce() {
    // A journal that fails while starting, with valid settings, still says so: start-up does not
    // wait out its timeout (bounded here, so that a regression fails instead of hanging).
    var refused =
        assertThrows(
            RuntimeException.class,
            () ->
                IntersticeNode.builder()
                    .dataDir(dir)
                    .config(
                        "interstice.journal.replay-dispatcher = no-such-dispatcher\n"
                            + "interstice.node.storage-timeout = 20s")
                    .start()
                    .close());
    assertTrue(refused.getMessage().contains("no-such-dispatcher"), refused.getMessage());
  }

  @Test
  void shouldRefuseALogItCannotOpenAndStartOnceItCan() throws Exception {
    var logDir = Files.createDirectories(dir.resolve("journal").resolve("node-1"));
    var stray = Files.writeString(logDir.resolve("stray.bin"), "not ours");
    var refused =
        assertThrows(
            JournalException.class, () -> IntersticeNode.builder().dataDir(dir).start().close());
    assertTrue(refused.getMessage().contains("unexpected file"), refused.getMessage());
    assertTrue(refused.getMessage().contains("stray.bin"), refused.getMessage());

    // The operator moves the file away: the same directory now starts and keeps what it is given.
    Files.delete(stray);
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "a", 5L);
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertEquals(1, node.rows("bank", "accounts").size());
    }
  }
}
