package io.interstice.runtime.trace;

import io.interstice.runtime.module.state.ModuleEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace of one batch of a module while a recording runs: each call's queue and reducer times as
 * it runs, then the batch's persist and reply times, which its calls share; handed to the recording
 * once the batch is answered. Only made when tracing is on ({@link #start}). Confined to the module
 * actor's thread.
 */
public final class BatchTrace {
  private final TraceRecording recording;
  private final String module;
  private final List<Ran> ran = new ArrayList<>();
  private long persisting;
  private long persisted;

  /** One call of the batch: its event (null when refused and not logged) and its times. */
  private record Ran(
      String reducer,
      ModuleEvent.TxCommitted tx,
      String error,
      long received,
      long started,
      long ended) {}

  private BatchTrace(TraceRecording recording, String module) {
    this.recording = recording;
    this.module = module;
  }

  /** A trace of a batch of {@code module}, or null when no recording runs. */
  public static BatchTrace start(String module) {
    var recording = ReducerTrace.recording();
    return recording == null ? null : new BatchTrace(recording, module);
  }

  /**
   * A call of the batch ran from {@code started} to now, after waiting since {@code received} (the
   * same as {@code started} for work that is not timed on arrival); {@code events} from {@code
   * from} on are what it added to the batch.
   */
  public void ran(String reducer, long received, long started, List<ModuleEvent> events, int from) {
    long ended = System.nanoTime();
    ModuleEvent.TxCommitted tx = null;
    for (int i = from; i < events.size(); i++) {
      if (events.get(i) instanceof ModuleEvent.TxCommitted committed) {
        tx = committed;
      }
    }
    var error = tx == null ? "refused" : tx.error();
    ran.add(new Ran(tx == null ? reducer : tx.reducer(), tx, error, received, started, ended));
  }

  /** The batch's atomic write starts. */
  public void persisting() {
    persisting = System.nanoTime();
  }

  /** The batch's write is durable. */
  public void persisted() {
    persisted = System.nanoTime();
  }

  /** The batch's callers, subscribers and outbox targets were told: its calls are finished. */
  public void replied() {
    long replied = System.nanoTime();
    long write = persisting == 0 ? replied : persisting;
    long durable = persisted == 0 ? replied : persisted;
    for (var call : ran) {
      var tx = call.tx();
      var sent = new ArrayList<String>();
      var scheduled = new ArrayList<Long>();
      if (tx != null) {
        tx.outbox().forEach(entry -> sent.add(entry.target() + "#" + entry.seq()));
        tx.scheduled().forEach(schedule -> scheduled.add(schedule.id()));
      }
      recording.add(
          new CallSpan(
              module,
              call.reducer(),
              tx == null ? 0 : tx.txId(),
              tx == null ? null : tx.trigger(),
              call.error(),
              sent,
              scheduled,
              call.received(),
              call.started(),
              call.ended(),
              Math.max(write, call.ended()),
              Math.max(durable, call.ended()),
              replied));
    }
  }
}
