package io.interstice.bench;

import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.RecoveryCompleted;

/**
 * The persistent actor of the journal replay workload. As a writer it persists {@code events}
 * events in atomic writes of {@code batch} (one in flight at a time, to fill a history quickly) and
 * completes its future with the count written; as a reader (events 0) it only recovers and
 * completes its future with the count replayed once recovery is completed. Replayed events are
 * counted and dropped, so the reader holds nothing of the history: what it measures is the
 * journal's replay.
 *
 * <p>Thread-safety: state is confined to the actor; the futures are completed once.
 */
final class ReplayActor extends AbstractPersistentActor {
  private static final String WRITE = "write";

  private final String persistenceId;
  private final long events;
  private final int batch;
  private final BenchEvent event;
  private final CompletableFuture<Long> done;
  private long replayed;
  private long written;
  private int acknowledgedInBatch;

  private ReplayActor(
      String persistenceId,
      long events,
      int batch,
      int payloadBytes,
      CompletableFuture<Long> done) {
    this.persistenceId = persistenceId;
    this.events = events;
    this.batch = batch;
    this.event = new BenchEvent(new byte[payloadBytes]);
    this.done = done;
  }

  /** Writes {@code events} events in writes of {@code batch}; {@code done} gets the count. */
  static Props writer(
      String persistenceId,
      long events,
      int batch,
      int payloadBytes,
      CompletableFuture<Long> done) {
    return Props.create(
        ReplayActor.class, () -> new ReplayActor(persistenceId, events, batch, payloadBytes, done));
  }

  /** Recovers {@code persistenceId}; {@code done} gets the count of replayed events. */
  static Props reader(String persistenceId, CompletableFuture<Long> done) {
    return Props.create(ReplayActor.class, () -> new ReplayActor(persistenceId, 0, 1, 0, done));
  }

  @Override
  public String persistenceId() {
    return persistenceId;
  }

  @Override
  public Receive createReceiveRecover() {
    return receiveBuilder()
        .match(RecoveryCompleted.class, completed -> recovered())
        .matchAny(replayedEvent -> replayed++)
        .build();
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder().matchEquals(WRITE, write -> writeNext()).build();
  }

  private void recovered() {
    if (events == 0) {
      done.complete(replayed);
    } else {
      self().tell(WRITE, self());
    }
  }

  private void writeNext() {
    if (written >= events) {
      done.complete(written);
      return;
    }
    int size = (int) Math.min(batch, events - written);
    acknowledgedInBatch = 0;
    persistAll(
        Collections.nCopies(size, event),
        persisted -> {
          written++;
          if (++acknowledgedInBatch == size) {
            writeNext();
          }
        });
  }

  @Override
  public void onRecoveryFailure(Throwable cause, scala.Option<Object> event) {
    done.completeExceptionally(cause);
    super.onRecoveryFailure(cause, event);
  }

  @Override
  public void onPersistFailure(Throwable cause, Object event, long seqNr) {
    done.completeExceptionally(cause);
    super.onPersistFailure(cause, event, seqNr);
  }
}
