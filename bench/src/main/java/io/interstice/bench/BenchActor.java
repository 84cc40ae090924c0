package io.interstice.bench;

import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AbstractPersistentActor;

/**
 * A classic persistent actor that, once started, persists one {@link BenchEvent} (or one batch of
 * them) at a time and the next only after the journal acknowledged the previous one, recording each
 * persist-to-ack latency while its {@link RunControl} is measuring.
 *
 * <p>It writes through the ActorSystem's default journal ({@code pekko.persistence.journal.plugin},
 * set per run): overriding {@code journalPluginId()} would not work here, as Pekko reads it while
 * the superclass is constructed, before this class's fields are set.
 *
 * <p>Thread-safety: actor state is confined to the actor; the histogram is handed to the control
 * once, after the last write, and never touched again.
 */
final class BenchActor extends AbstractPersistentActor {
  /** Starts the persist loop. */
  static final String START = "start";

  private final String persistenceId;
  private final RunControl control;
  private final BenchEvent event;
  private final List<BenchEvent> batch;
  private int acknowledgedInBatch;
  private final Histogram latencies = new Histogram(3);

  private BenchActor(String persistenceId, RunControl control, int payloadBytes, int batchSize) {
    this.persistenceId = persistenceId;
    this.control = control;
    var payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) ('a' + i % 26);
    }
    this.event = new BenchEvent(payload);
    this.batch = Collections.nCopies(batchSize, event);
  }

  /**
   * An actor that persists {@code batchSize} events per write: one {@code persist} when 1, else one
   * {@code persistAll} (one atomic write) whose last acknowledgement starts the next.
   */
  static Props props(String persistenceId, RunControl control, int payloadBytes, int batchSize) {
    return Props.create(
        BenchActor.class, () -> new BenchActor(persistenceId, control, payloadBytes, batchSize));
  }

  @Override
  public String persistenceId() {
    return persistenceId;
  }

  @Override
  public Receive createReceiveRecover() {
    return receiveBuilder().matchAny(replayed -> {}).build();
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder().matchEquals(START, start -> persistNext()).build();
  }

  private void persistNext() {
    long started = System.nanoTime();
    if (batch.size() == 1) {
      persist(event, persisted -> acknowledged(started));
    } else {
      acknowledgedInBatch = 0;
      persistAll(
          batch,
          persisted -> {
            if (++acknowledgedInBatch == batch.size()) {
              acknowledged(started);
            }
          });
    }
  }

  private void acknowledged(long started) {
    switch (control.phase()) {
      case WARMUP -> persistNext();
      case MEASURE -> {
        latencies.recordValue(Math.max(0, System.nanoTime() - started));
        persistNext();
      }
      case STOP -> control.stopped(latencies);
    }
  }
}
