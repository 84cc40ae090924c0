package io.interstice.runtime.module;

import io.interstice.runtime.table.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runtime hands one reducer call besides its arguments: the open transaction, the recorded
 * inputs of the call (transaction id, timestamp, random seed, caller), and where the calls it makes
 * to other modules are collected. Everything a reducer may learn from outside comes from here, and
 * all of it is in the logged {@code TxCommitted}, so the call can be re-run and checked later.
 * Confined to the call's thread.
 */
public final class TxEnvironment {
  private final String module;
  private final String reducer;
  private final Transaction transaction;
  private final long txId;
  private final Instant timestamp;
  private final long seed;
  private final String caller;
  private final Schedules schedules;
  private final List<OutgoingCall> calls = new ArrayList<>();
  private final List<Schedule> scheduled = new ArrayList<>();
  private final List<Long> cancelled = new ArrayList<>();
  private int issued;

  /** A reducer call to another module made by this transaction: arguments as a JSON array. */
  public record OutgoingCall(String module, String reducer, byte[] argsJson) {}

  public TxEnvironment(
      String module,
      String reducer,
      Transaction transaction,
      long txId,
      Instant timestamp,
      long seed,
      String caller,
      Schedules schedules) {
    this.module = module;
    this.schedules = schedules;
    this.reducer = reducer;
    this.transaction = transaction;
    this.txId = txId;
    this.timestamp = timestamp;
    this.seed = seed;
    this.caller = caller;
  }

  public String module() {
    return module;
  }

  public String reducer() {
    return reducer;
  }

  public Transaction transaction() {
    return transaction;
  }

  public long txId() {
    return txId;
  }

  public Instant timestamp() {
    return timestamp;
  }

  public long seed() {
    return seed;
  }

  public String caller() {
    return caller;
  }

  /** Queues a call to {@code module.reducer}, sent only if the transaction commits. */
  public void call(String targetModule, String targetReducer, byte[] argsJson) {
    calls.add(new OutgoingCall(targetModule, targetReducer, argsJson));
  }

  /** The calls queued so far, in order. */
  public List<OutgoingCall> calls() {
    return calls;
  }

  /**
   * Creates a schedule of {@code targetReducer} due {@code delayMicros} after this transaction's
   * timestamp (and then every {@code intervalMicros}, if positive); returns its id.
   */
  public long schedule(
      String targetReducer, byte[] argsJson, long delayMicros, long intervalMicros) {
    long id = schedules.nextId() + issued++;
    // Saturates: a delay past the end of time never comes due, rather than wrapping into the past.
    long due = Micros.plus(Micros.of(timestamp), delayMicros);
    scheduled.add(new Schedule(id, targetReducer, argsJson, due, intervalMicros));
    return id;
  }

  /** Cancels a schedule, one made earlier or in this transaction; false if there is none. */
  public boolean cancel(long id) {
    if (scheduled.removeIf(schedule -> schedule.id() == id)) {
      return true;
    }
    if (!schedules.exists(id) || cancelled.contains(id)) {
      return false;
    }
    cancelled.add(id);
    return true;
  }

  public List<Schedule> scheduled() {
    return scheduled;
  }

  public List<Long> cancelled() {
    return cancelled;
  }
}
