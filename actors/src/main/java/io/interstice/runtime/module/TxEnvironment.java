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
  private final List<OutgoingCall> calls = new ArrayList<>();

  /** A reducer call to another module made by this transaction: arguments as a JSON array. */
  public record OutgoingCall(String module, String reducer, byte[] argsJson) {}

  public TxEnvironment(
      String module,
      String reducer,
      Transaction transaction,
      long txId,
      Instant timestamp,
      long seed,
      String caller) {
    this.module = module;
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
}
