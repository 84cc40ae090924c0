package io.interstice.runtime.node;

import com.typesafe.config.Config;
import io.interstice.journal.BinaryLogJournal;
import io.interstice.journal.BinaryLogSnapshotStore;
import io.interstice.journal.JournalRegistry;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.Persistence;

/**
 * Opens a starting node's log and snapshot store, and refuses to start the node without them.
 *
 * <p>Pekko starts the plugins that {@code auto-start-journals} and {@code
 * auto-start-snapshot-stores} list (the node's embedded configuration lists the default ones) when
 * its persistence extension loads; a plugin that throws while starting (invalid settings, a log it
 * cannot open) is only logged, and every later write and replay would wait for it until it timed
 * out. So, when the default plugin is the binary log's and is started at start-up, the node waits
 * until it has opened, and fails to start with the plugin's own error otherwise.
 */
final class StorageStart {
  private static final String JOURNAL = "pekko.persistence.journal";
  private static final String SNAPSHOTS = "pekko.persistence.snapshot-store";

  private StorageStart() {}

  /**
   * Refuses invalid settings of the binary-log journal before anything starts, with the error the
   * journal would give (naming the block, key and value).
   */
  static void checkSettings(Config config) {
    var plugin = config.getString(JOURNAL + ".plugin");
    if (isOwn(config, plugin, BinaryLogJournal.class)) {
      BinaryLogJournal.checkSettings(
          config.getConfig(plugin).withFallback(config.getConfig(JOURNAL + "-plugin-fallback")),
          plugin);
    }
  }

  /** Starts the listed plugins and waits for the binary-log ones; throws what stopped them. */
  static void await(ActorSystem system, Config config) {
    Persistence.get(system); // loading the extension starts the plugins it is told to
    var registry = JournalRegistry.ID.get(system);
    var timeout = config.getDuration("interstice.node.storage-timeout");
    if (startsOwnPlugin(config, JOURNAL, "auto-start-journals", BinaryLogJournal.class)) {
      await(registry.journalStart(), "the log", timeout);
    }
    if (startsOwnPlugin(
        config, SNAPSHOTS, "auto-start-snapshot-stores", BinaryLogSnapshotStore.class)) {
      await(registry.snapshotStoreStart(), "the snapshot store", timeout);
    }
  }

  /**
   * Whether the default plugin of {@code section} is {@code ownClass} and is started at start-up
   * (listed by its id, or by {@code ""} for the default).
   */
  private static boolean startsOwnPlugin(
      Config config, String section, String autoStartKey, Class<?> ownClass) {
    var plugin = config.getString(section + ".plugin");
    if (!isOwn(config, plugin, ownClass)) {
      return false;
    }
    var listed = config.getStringList(section + "." + autoStartKey);
    return listed.contains("") || listed.contains(plugin);
  }

  private static boolean isOwn(Config config, String plugin, Class<?> ownClass) {
    return !plugin.isEmpty()
        && config.hasPath(plugin + ".class")
        && config.getString(plugin + ".class").equals(ownClass.getName());
  }

  private static void await(CompletionStage<Void> start, String what, Duration timeout) {
    try {
      start.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      var cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime; // the plugin's own error: it names the setting or the file
      }
      throw new IntersticeException(
          ErrorKind.UNAVAILABLE, "cannot open " + what + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new IntersticeException(
          ErrorKind.UNAVAILABLE,
          what
              + " did not open within "
              + timeout.toMillis()
              + " ms (interstice.node.storage-timeout)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IntersticeException(ErrorKind.UNAVAILABLE, "interrupted while opening " + what);
    }
  }
}
