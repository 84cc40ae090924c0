package io.interstice.journal;

import com.typesafe.config.Config;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.PendingFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Pekko Persistence journal over the node's binary log (plugin id {@code interstice.journal}).
 * Every {@code AtomicWrite} becomes one CRC-checked frame; the writes of one call and of every
 * other caller pending at the same moment are group-committed with one force.
 *
 * <p>Contract: a payload that cannot be serialized rejects only its own atomic write; an I/O error
 * fails the whole call; the highest sequence number waits for writes in flight and is never lowered
 * by deletion; replay honours from, to and max exactly, across every node log that holds part of
 * the id's history. A write that the system's {@link WriteFence} refuses (this node no longer holds
 * the lease covering its id) fails with {@link FencedWriteException} and is never acknowledged. A
 * failed force stops the log; the journal reopens it before its next operation ({@link
 * ReopeningStore}), so the persistent actors whose writes failed recover from what the files hold
 * and go on, without a restart of the node.
 *
 * <p><b>Pipelined writes</b> ({@code pipelined-writes = on}, the default): a write of an id whose
 * actor registered a {@link DurabilityWatch} is acknowledged once it is queued in log order, after
 * every check that can refuse it (serialization, the fence, a stopped log), and the watch hears
 * when it is forced, so that the actor runs its next batch during the force; the actor shows
 * nothing of the write before then. A write that fails after such an acknowledgement loses its id:
 * every later write of it, queued already or arriving, fails unwritten until the id recovers (reads
 * its highest sequence number), so no gap or reordering reaches the log. Other ids, and every id
 * with the setting off, are acknowledged once forced.
 *
 * <p>Thread-safety: Pekko calls the plugin methods from the journal actor; blocking reads run on
 * the replay dispatcher; appends complete on the log's writer thread.
 */
public final class BinaryLogJournal extends AsyncWriteJournal {
  private final ReopeningStore stores;
  private final Supplier<JournalStore> registered;
  private final PayloadSerialization payloads;
  private final Executor blocking;
  private final JournalRegistry registry;
  private final int readAhead;
  private final long readAheadBytes;
  private final long stallNanos;
  private final DurableWrites writes;
  private final boolean pipelined;

  /**
   * Checks the settings of a journal block such as {@code interstice.journal} as the journal reads
   * them when it starts, so that a node can refuse invalid ones before it starts anything.
   *
   * @throws JournalException naming the block, the key and the value
   */
  public static void checkSettings(Config config, String configPath) {
    JournalSettings.from(config, configPath);
  }

  public BinaryLogJournal(Config config, String configPath) {
    this.registry = JournalRegistry.ID.get(context().system());
    // Whatever can fail before the log opens is done first, and reported to the node
    // (journalStart), which otherwise would wait for a journal that never says it started.
    JournalSettings settings;
    try {
      settings = JournalSettings.from(config, configPath);
      this.payloads = new PayloadSerialization(context().system());
      this.blocking =
          context().system().dispatchers().lookup(config.getString("replay-dispatcher"));
    } catch (RuntimeException e) {
      registry.journalStarted(e);
      throw e;
    }
    this.stores = new ReopeningStore(settings, registry.listener(), registry::fence);
    // A log that does not open is not the end of the journal: each operation tries it again and
    // fails with the error until it opens. A node refuses to start on it (journalStart).
    var openFailure = stores.openFirst();
    this.writes = registry.writes();
    this.pipelined = settings.pipelinedWrites();
    this.readAhead = settings.replayReadAhead();
    this.readAheadBytes = settings.replayReadAheadBytes();
    this.stallNanos = settings.replayStallTimeout().toNanos();
    this.registered = stores::inUse;
    registry.register(registered);
    registry.journalStarted(openFailure);
    registry.eventDeleter(
        (id, toSeq) ->
            CompletableFuture.runAsync(() -> stores.current().deleteTo(id, toSeq), blocking));
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    var results = new ArrayList<Optional<Exception>>();
    var frames = new ArrayList<PendingFrame>();
    for (var write : messages) {
      var lost = refusalAfterLoss(write.persistenceId());
      if (lost != null) {
        // Not a rejection: the actor must fail and recover, or its state would skip the lost write.
        return scala.concurrent.Future$.MODULE$.failed(lost);
      }
      try {
        frames.add(encode(write));
        results.add(Optional.empty());
      } catch (RuntimeException | java.io.NotSerializableException e) {
        // Pekko does not reuse the numbers of a rejected write: record the gap before answering.
        stores
            .current()
            .recordRejected(
                write.persistenceId(), write.lowestSequenceNr(), write.highestSequenceNr());
        results.add(Optional.of(rejection(write, e)));
      }
    }
    if (frames.isEmpty()) {
      return Future.<Iterable<Optional<Exception>>>successful(results);
    }
    var watches = new ArrayList<DurabilityWatch>(frames.size());
    boolean early = pipelined;
    for (var frame : frames) {
      var watch = registry.watchOf(frame.persistenceId());
      watches.add(watch);
      early &= watch != null;
    }
    var target = stores.current();
    var appended =
        target
            .append(frames, () -> refusalOfQueued(frames))
            .whenComplete((ok, error) -> stores.appended(target, error));
    // Runs on the writer thread before it takes its next batch: a later write of a lost id that
    // is queued already is refused when its turn comes.
    boolean acknowledgedEarly = early;
    var settled =
        appended.whenComplete((ok, error) -> settle(frames, watches, acknowledgedEarly, error));
    for (var frame : frames) {
      writes.started(frame.persistenceId(), settled);
    }
    if (!early || settled.isDone()) {
      return ScalaFutures.asScala(settled.thenApply(ok -> (Iterable<Optional<Exception>>) results));
    }
    // Queued in log order, past every check but the force (and the fence's second look after it):
    // acknowledged now; the watches hear of the force.
    for (int i = 0; i < frames.size(); i++) {
      watches.get(i).acknowledgedEarly(frames.get(i).lastSequenceNr());
    }
    return Future.<Iterable<Optional<Exception>>>successful(results);
  }

  /**
   * Tells the watches how the frames' write ended. A failure of a write acknowledged early (or
   * about to be) loses its ids until they recover; any other failure is the acknowledgement itself.
   */
  private void settle(
      List<PendingFrame> frames, List<DurabilityWatch> watches, boolean early, Throwable error) {
    if (error != null && !early) {
      return;
    }
    var cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    for (int i = 0; i < frames.size(); i++) {
      var frame = frames.get(i);
      var watch = watches.get(i);
      if (cause == null) {
        if (watch != null) {
          watch.forced(frame.lastSequenceNr());
        }
        continue;
      }
      writes.lose(frame.persistenceId(), cause);
      if (watch != null) {
        watch.failed(cause);
      }
    }
  }

  /** Why a write of the id must be refused now (an earlier one was lost), or null. */
  private JournalIoException refusalAfterLoss(String persistenceId) {
    var lost = writes.lost(persistenceId);
    return lost == null
        ? null
        : new JournalIoException(
            "write of '"
                + persistenceId
                + "' refused: an earlier write of it was not forced ("
                + lost.getMessage()
                + "); it must recover from its log first",
            lost);
  }

  /** Asked on the writer thread just before the frames are written. */
  private JournalIoException refusalOfQueued(List<PendingFrame> frames) {
    for (var frame : frames) {
      var refused = refusalAfterLoss(frame.persistenceId());
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  private PendingFrame encode(AtomicWrite write) throws java.io.NotSerializableException {
    var events = new ArrayList<LogEvent>();
    for (var repr : CollectionConverters.asJava(write.payload())) {
      Object payload = repr.payload();
      if (payload instanceof Tagged) {
        payload = ((Tagged) payload).payload(); // tags serve queries, which this journal lacks
      }
      var serialized = payloads.serialize(payload);
      events.add(
          new LogEvent(
              repr.sequenceNr(),
              repr.timestamp() == 0 ? System.currentTimeMillis() : repr.timestamp(),
              repr.writerUuid(),
              repr.manifest(),
              serialized.serializerId(),
              serialized.manifest(),
              serialized.bytes()));
    }
    return PendingFrame.of(write.persistenceId(), events);
  }

  private static Exception rejection(AtomicWrite write, Exception cause) {
    return new JournalException(
        "cannot serialize events "
            + write.lowestSequenceNr()
            + ".."
            + write.highestSequenceNr()
            + " of '"
            + write.persistenceId()
            + "': "
            + cause,
        cause);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    // Pekko asks this first when a persistent actor recovers, before any replay or write: once
    // every write in flight is forced or lost, the id may write again after what the log holds.
    return ScalaFutures.asScala(
        writes
            .settled(persistenceId)
            .thenApplyAsync(
                ignored -> {
                  long highest = stores.current().takeOver(persistenceId);
                  writes.recovering(persistenceId);
                  return highest;
                },
                blocking));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return async(
        () -> {
          long[] left = {max};
          if (max <= 0) {
            return null;
          }
          // Events are read and decoded here, ahead of the actor that applies them; a recovering
          // actor that announced itself bounds how far ahead (ReplayPacer).
          var pacer = registry.pacer(persistenceId);
          stores
              .current()
              .replay(
                  persistenceId,
                  fromSequenceNr,
                  toSequenceNr,
                  event -> {
                    var repr = toRepr(persistenceId, event);
                    if (pacer != null) {
                      pacer.beforeSend(
                          readAhead, readAheadBytes, event.payload().length, stallNanos);
                    }
                    replayCallback.accept(repr);
                    return --left[0] > 0;
                  });
          return null;
        });
  }

  private PersistentRepr toRepr(String persistenceId, LogEvent event) {
    Object payload =
        payloads.deserialize(event.payload(), event.serializerId(), event.serializerManifest());
    return PersistentRepr$.MODULE$
        .apply(
            payload,
            event.sequenceNr(),
            persistenceId,
            event.adapterManifest(),
            false,
            null,
            event.writerUuid())
        .withTimestamp(event.timestamp());
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return async(
        () -> {
          stores.current().deleteTo(persistenceId, toSequenceNr);
          return null;
        });
  }

  private <T> Future<T> async(Supplier<T> work) {
    return ScalaFutures.asScala(CompletableFuture.supplyAsync(work, blocking));
  }

  @Override
  public void postStop() throws Exception {
    JournalRegistry.ID.get(context().system()).unregister(registered);
    JournalRegistry.ID.get(context().system()).eventDeleter(null);
    stores.close();
    super.postStop();
  }

  /** Exposed for tools and tests that need the underlying store of a running journal. */
  JournalStore store() {
    return stores.current();
  }
}
