package io.interstice.journal.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/** Configuration of an ActorSystem whose journal and snapshot store are ours, on a real dir. */
public final class JournalTestConfig {
  private JournalTestConfig() {}

  /** Journal and snapshot store in {@code dataDir}, this node's log named {@code logId}. */
  public static Config of(Path dataDir, String logId) {
    return of(dataDir, logId, "");
  }

  /**
   * As {@link #of(Path, String)}, with extra HOCON (e.g. {@code interstice.journal.segment-size =
   * 4KiB}).
   *
   * <p>The overrides are laid over the unresolved defaults before anything is resolved, so that
   * substitutions in {@code reference.conf} such as {@code snapshot-store.dir =
   * ${interstice.journal.dir}} see them; falling back on an already loaded configuration would
   * leave the snapshot store in the default {@code data} folder.
   */
  public static Config of(Path dataDir, String logId, String extra) {
    var dir = dataDir.toAbsolutePath().toString().replace("\\", "\\\\");
    return ConfigFactory.load(
        ConfigFactory.parseString(
            extra
                + "\n"
                + "pekko.loglevel = WARNING\n"
                // Every append waits for a force; on a busy disk a few of them in a row can take
                // longer than the test kit's default of 3 s, which made these tests flaky.
                + "pekko.actor.testkit.typed.single-expect-default = 15s\n"
                + "pekko.persistence.journal.plugin = \"interstice.journal\"\n"
                + "pekko.persistence.snapshot-store.plugin = \"interstice.snapshot-store\"\n"
                + "interstice.journal.dir = \""
                + dir
                + "\"\n"
                + "interstice.journal.log-id = \""
                + logId
                + "\"\n"
                + "interstice.kryo.registrars = [\"io.interstice.journal.testkit.TestKryoRegistrar\"]\n"));
  }
}
