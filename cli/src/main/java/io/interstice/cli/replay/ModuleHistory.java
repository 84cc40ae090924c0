package io.interstice.cli.replay;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.LogReader;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.serialization.KryoRegistry;
import io.interstice.journal.snapshot.SnapshotDirectory;
import io.interstice.journal.snapshot.SnapshotFile;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.module.check.ReplayCheckException;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One module's history read offline from a data directory: its events from every node log under
 * {@code <data-dir>/journal/} (a module that moved has frames in several), in sequence order, and
 * the snapshot to start from when the log's first events were deleted once a snapshot covered them.
 * Reads only; opens nothing for writing. Not thread-safe; used by one command run.
 *
 * @param events the module's events in sequence order, from {@code firstSequenceNr}
 * @param firstSequenceNr the sequence number of the first event
 * @param snapshot the state to start from (null to start from the module's first event)
 * @param damage damage found in the logs read (torn tails aside, which are never acknowledged)
 */
record ModuleHistory(
    List<LogEvent> events, long firstSequenceNr, ModuleState snapshot, List<LogDamage> damage) {

  /** Reads module {@code module}'s history from {@code dir}: a data directory or one log. */
  static ModuleHistory read(Path dir, String module, int kryoSerializerId) {
    var persistenceId = ModuleActor.persistenceId(module).id();
    var events = new ArrayList<LogEvent>();
    var damage = new ArrayList<LogDamage>();
    for (var logDir : logDirectories(dir)) {
      var scans =
          LogReader.open(logDir)
              .forEachFrame(
                  frame -> {
                    if (frame.persistenceId().equals(persistenceId)) {
                      events.addAll(frame.events());
                    }
                  });
      scans.forEach(scan -> damage.addAll(scan.damage()));
    }
    if (events.isEmpty()) {
      throw new ReplayCheckException(
          "no events of module " + module + " (persistence id " + persistenceId + ") in " + dir);
    }
    events.sort(Comparator.comparingLong(LogEvent::sequenceNr));
    if (!damage.isEmpty()) {
      // What a checksum rejected may have been this module's: nothing read can be trusted whole.
      return new ModuleHistory(List.copyOf(events), events.get(0).sequenceNr(), null, damage);
    }
    checkContiguous(events, module);
    long first = events.get(0).sequenceNr();
    if (first == 1) {
      return new ModuleHistory(List.copyOf(events), first, null, List.of());
    }
    var file = snapshot(dir, persistenceId, first, kryoSerializerId);
    var after = events.stream().filter(e -> e.sequenceNr() > file.sequenceNr()).toList();
    var state = (ModuleState) decode(RuntimeKryoRegistrar.MODULE_STATE, file.payload());
    return new ModuleHistory(after, file.sequenceNr() + 1, state, List.of());
  }

  /** Every log of a data directory, or the one log {@code dir} is. */
  private static List<Path> logDirectories(Path dir) {
    var journal = dir.resolve(JournalStore.JOURNAL_DIR);
    if (!Files.isDirectory(journal)) {
      return List.of(dir);
    }
    try (Stream<Path> logs = Files.list(journal)) {
      return logs.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the logs in " + journal, e);
    }
  }

  private static void checkContiguous(List<LogEvent> events, String module) {
    for (int i = 1; i < events.size(); i++) {
      long before = events.get(i - 1).sequenceNr();
      long seq = events.get(i).sequenceNr();
      if (seq != before + 1) {
        throw new ReplayCheckException(
            "module "
                + module
                + "'s log has a hole: event "
                + seq
                + " follows event "
                + before
                + " (see `interstice log verify`)");
      }
    }
  }

  /**
   * The snapshot taken just before the first event still in the log or, failing that, the oldest
   * one after it (the events it covers are then not checked).
   */
  private static SnapshotFile snapshot(
      Path dir, String persistenceId, long firstSequenceNr, int kryoSerializerId) {
    var missing =
        "the log holds events of "
            + persistenceId
            + " from "
            + firstSequenceNr
            + " on only (earlier ones were deleted once a snapshot covered them)";
    if (!Files.isDirectory(dir.resolve(SnapshotDirectory.SNAPSHOTS_DIR))) {
      throw new ReplayCheckException(missing + ", and " + dir + " has no snapshots");
    }
    var snapshots = SnapshotDirectory.open(dir, RecoveryMode.STRICT);
    long at = firstSequenceNr - 1;
    var file =
        snapshots
            .newest(persistenceId, new SnapshotDirectory.Criteria(at, at, 0, Long.MAX_VALUE))
            .or(
                () ->
                    snapshots.newest(
                        persistenceId,
                        new SnapshotDirectory.Criteria(at, Long.MAX_VALUE, 0, Long.MAX_VALUE)))
            .orElseThrow(
                () -> new ReplayCheckException(missing + ", and no snapshot covers event " + at));
    if (file.serializerId() != kryoSerializerId
        || !file.manifest().equals(Integer.toString(RuntimeKryoRegistrar.MODULE_STATE))) {
      throw new ReplayCheckException(
          "the snapshot of "
              + persistenceId
              + " at event "
              + file.sequenceNr()
              + " is no module state");
    }
    return file;
  }

  /** Reads one event of the module's log. */
  static ModuleEvent event(LogEvent event, int kryoSerializerId) {
    int id;
    try {
      id = Integer.parseInt(event.serializerManifest());
    } catch (NumberFormatException e) {
      id = -1;
    }
    if (event.serializerId() != kryoSerializerId || id < KryoRegistry.FIRST_ID) {
      throw new ReplayCheckException(
          "event "
              + event.sequenceNr()
              + " was written by serializer "
              + event.serializerId()
              + " under manifest '"
              + event.serializerManifest()
              + "', not by this runtime's Kryo serializer ("
              + kryoSerializerId
              + ")");
    }
    try {
      return (ModuleEvent) decode(id, event.payload());
    } catch (RuntimeException e) {
      throw new ReplayCheckException(
          "event " + event.sequenceNr() + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static final KryoRegistry REGISTRY = registry();

  private static KryoRegistry registry() {
    var registry = new KryoRegistry();
    new RuntimeKryoRegistrar().register(registry);
    return registry;
  }

  private static Object decode(int id, byte[] payload) {
    var registration = REGISTRY.byId(id);
    if (registration == null) {
      throw new ReplayCheckException("no event type is registered under Kryo id " + id);
    }
    return read(new Kryo(), new Input(payload), registration);
  }

  private static <T> T read(Kryo kryo, Input input, KryoRegistry.Registration<T> registration) {
    return registration.serializer().read(kryo, input, registration.type());
  }
}
