package io.interstice.journal;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogListener;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * The binary-log journals running in an actor system, so that the node can ask them about the
 * health of their logs (damage found at open, by replays and by the scrub) without a message round
 * trip through the journal actor, hear of their writes ({@link #listen}) and fence them ({@link
 * #fence(WriteFence)}), and let recovering actors pace the replay of their history ({@link
 * #expectReplay}), and let actors that watch the durability of their writes ({@link #watch}) be
 * acknowledged before the force. A journal registers when Pekko starts it and leaves when it stops.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class JournalRegistry implements Extension {
  /** The extension id; {@code JournalRegistry.ID.get(system)} gives a system's registry. */
  public static final Id ID = new Id();

  private final List<Supplier<JournalStore>> journals = new CopyOnWriteArrayList<>();
  private volatile LogListener listener = LogListener.NONE;
  private volatile WriteFence fence = WriteFence.NONE;
  private final Map<String, ReplayPacer> pacers = new ConcurrentHashMap<>();
  private final Map<String, DurabilityWatch> watches = new ConcurrentHashMap<>();
  private final DurableWrites writes = new DurableWrites();
  private volatile Deleter events;
  private volatile Deleter snapshots;
  private final CompletableFuture<Void> journalStart = new CompletableFuture<>();
  private final CompletableFuture<Void> snapshotStoreStart = new CompletableFuture<>();

  /**
   * Completes when the first binary-log journal of this system has opened its log, or fails with
   * why it could not start (invalid settings, a log it cannot open). Pekko starts a journal on
   * demand or at start-up ({@code auto-start-journals}) and only logs a plugin that fails to start,
   * so a node waits on this to refuse to start instead of serving without a log.
   */
  public CompletionStage<Void> journalStart() {
    return journalStart;
  }

  /** Likewise for the first binary-log snapshot store: its directory opened, or why not. */
  public CompletionStage<Void> snapshotStoreStart() {
    return snapshotStoreStart;
  }

  /** A binary-log journal of this system started (null) or could not start ({@code failure}). */
  void journalStarted(Throwable failure) {
    settle(journalStart, failure);
  }

  /** A binary-log snapshot store of this system started (null) or could not start. */
  void snapshotStoreStarted(Throwable failure) {
    settle(snapshotStoreStart, failure);
  }

  private static void settle(CompletableFuture<Void> start, Throwable failure) {
    if (failure == null) {
      start.complete(null);
    } else {
      start.completeExceptionally(failure);
    }
  }

  /**
   * Deletes what an id no longer needs up to a sequence number, off the caller's thread: the
   * binary-log journal its events, the binary-log snapshot store its snapshots.
   */
  @FunctionalInterface
  public interface Deleter {
    /** Deletes the id's entries up to and including {@code toSequenceNr}. */
    CompletionStage<Void> deleteTo(String persistenceId, long toSequenceNr);
  }

  /**
   * Deletes the events of {@code persistenceId} up to {@code toSequenceNr} in the binary log, as
   * Pekko's retention does through the journal's protocol; completes at once when no binary-log
   * journal runs in this system (the in-memory journal keeps everything).
   */
  public CompletionStage<Void> deleteEventsTo(String persistenceId, long toSequenceNr) {
    var deleter = events;
    return deleter == null
        ? CompletableFuture.completedFuture(null)
        : deleter.deleteTo(persistenceId, toSequenceNr);
  }

  /** Deletes the snapshots of {@code persistenceId} up to {@code toSequenceNr}, likewise. */
  public CompletionStage<Void> deleteSnapshotsTo(String persistenceId, long toSequenceNr) {
    var deleter = snapshots;
    return deleter == null
        ? CompletableFuture.completedFuture(null)
        : deleter.deleteTo(persistenceId, toSequenceNr);
  }

  /** The journal deleting events for {@link #deleteEventsTo}, or null when it stops. */
  void eventDeleter(Deleter value) {
    events = value;
  }

  /** The snapshot store deleting snapshots for {@link #deleteSnapshotsTo}, or null. */
  void snapshotDeleter(Deleter value) {
    snapshots = value;
  }

  /**
   * What every journal of the system reports its writes to: whoever {@link #listen} named last. A
   * journal may start before the node has named its listener (Pekko starts journals on demand, or
   * at start-up with {@code auto-start-journals}), so journals hold this and not the listener.
   */
  private final LogListener forwarder =
      new LogListener() {
        @Override
        public void appended(int frames, long bytes) {
          listener.appended(frames, bytes);
        }

        @Override
        public void forced(long nanos) {
          listener.forced(nanos);
        }
      };

  /**
   * Makes {@code value} hear of every group commit and force of the journals of this actor system,
   * those running already included (one listener per system: the last one named).
   */
  public void listen(LogListener value) {
    listener = Objects.requireNonNull(value, "listener");
  }

  /** The listener a journal of this system reports to. */
  LogListener listener() {
    return forwarder;
  }

  /**
   * Makes every journal of this actor system, those running already included, ask {@code value}
   * whether it may still acknowledge a write ({@link WriteFence}). The runtime names its fence
   * before any module starts; {@link WriteFence#NONE} (the default) turns the checks off.
   */
  public void fence(WriteFence value) {
    fence = Objects.requireNonNull(value, "fence");
  }

  /** The fence the journals of this system obey now. */
  public WriteFence fence() {
    return fence;
  }

  /**
   * Called by a persistent actor before its recovery starts: the replay of {@code persistenceId}
   * reads ahead of it by at most the journal's {@code replay-read-ahead} events ({@link
   * ReplayPacer}). The actor counts what it applied on the pacer returned and hands it back with
   * {@link #replayDone} when its recovery is over or it stops. A later call for the same id (the
   * actor restarted) replaces the earlier pacer.
   */
  public ReplayPacer expectReplay(String persistenceId) {
    var pacer = new ReplayPacer(persistenceId);
    pacers.put(persistenceId, pacer);
    return pacer;
  }

  /** The recovery that {@code pacer} was made for is over: its replay need not wait any more. */
  public void replayDone(String persistenceId, ReplayPacer pacer) {
    pacer.release();
    pacers.remove(persistenceId, pacer);
  }

  /**
   * Called by a persistent actor that holds back everything it shows of a write until the write is
   * forced: from now on the journal acknowledges the id's writes once they are queued in log order
   * and tells {@code watch} when they are forced or lost (see {@link DurabilityWatch}). A later
   * call for the same id (the actor restarted) replaces the earlier watch.
   */
  public void watch(String persistenceId, DurabilityWatch watch) {
    watches.put(persistenceId, Objects.requireNonNull(watch, "watch"));
  }

  /** The actor that registered {@code watch} stopped: the id's writes are acknowledged forced. */
  public void unwatch(String persistenceId, DurabilityWatch watch) {
    watches.remove(persistenceId, watch);
  }

  /** The watch of {@code persistenceId}, or null (acknowledge its writes once forced). */
  DurabilityWatch watchOf(String persistenceId) {
    return watches.get(persistenceId);
  }

  /** The writes in flight and lost, by persistence id, of every journal of this system. */
  DurableWrites writes() {
    return writes;
  }

  /** The pacer of a recovering actor of {@code persistenceId}, or null (replay unpaced). */
  ReplayPacer pacer(String persistenceId) {
    return pacers.get(persistenceId);
  }

  /** The stores of the journals running now (a journal reopening its log is left out). */
  public List<JournalStore> stores() {
    return journals.stream().map(Supplier::get).filter(Objects::nonNull).toList();
  }

  /** Registers a journal by how to reach the store it uses now (it changes when reopened). */
  void register(Supplier<JournalStore> journal) {
    journals.add(journal);
  }

  void unregister(Supplier<JournalStore> journal) {
    journals.remove(journal);
  }

  /** Extension id of {@link JournalRegistry}. */
  public static final class Id extends AbstractExtensionId<JournalRegistry>
      implements ExtensionIdProvider {
    private Id() {}

    @Override
    public JournalRegistry createExtension(ExtendedActorSystem system) {
      return new JournalRegistry();
    }

    @Override
    public Id lookup() {
      return ID;
    }

    /** The registry of {@code system}. */
    public JournalRegistry of(ActorSystem system) {
      return get(system);
    }
  }
}
