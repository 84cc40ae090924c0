package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.interstice.journal.log.internal.PersistenceHistory;
import io.interstice.journal.snapshot.SnapshotFile;
import io.interstice.journal.testkit.SnapshotClient;
import io.interstice.journal.testkit.TestState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreSettingsTest {
  @TempDir Path dataDir;

  /**
   * Applications often lay their settings over an already loaded (so already resolved)
   * configuration; the snapshot store must still follow the journal's directory.
   */
  @Test
  void shouldFollowTheJournalDirectoryWhenOnlyTheJournalDirIsSet() {
    var config =
        ConfigFactory.parseString(
                "pekko.persistence.journal.plugin = \"interstice.journal\"\n"
                    + "pekko.persistence.snapshot-store.plugin = \"interstice.snapshot-store\"\n"
                    + "interstice.kryo.registrars = [\"io.interstice.journal.testkit.TestKryoRegistrar\"]\n"
                    + "interstice.journal.dir = "
                    + com.typesafe.config.ConfigUtil.quoteString(dataDir.toString()))
            .withFallback(ConfigFactory.load());
    var system = ActorSystem.create("settings", config);
    try {
      var snapshots = SnapshotClient.of(system);
      snapshots.save("module|bank", 7, new TestState(List.of("a")));
      var file =
          dataDir
              .resolve(BinaryLogSnapshotStore.SNAPSHOTS_DIR)
              .resolve(PersistenceHistory.fileName("module|bank"))
              .resolve(SnapshotFile.fileName(7));
      assertTrue(Files.exists(file), "snapshot expected at " + file);
      var loaded = snapshots.load("module|bank", SnapshotSelectionCriteria.latest());
      assertEquals(new TestState(List.of("a")), loaded.orElseThrow().snapshot());
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }
}
