package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.CallReply;
import io.interstice.runtime.module.ModuleActor.Committed;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.state.IdempotencyWindow;
import io.interstice.runtime.module.state.ModuleState;
import java.util.HashMap;
import java.util.Map;

/**
 * Client calls with idempotency keys between their arrival and their answer. It refuses a bad key
 * before the call is queued, and finds what a call with a key already known is answered with
 * instead of running: the transaction a call with that key committed, while the module's {@link
 * IdempotencyWindow} (durable, in the module's state) remembers it; or the refusal of a call with
 * that key that was refused while this one was queued behind it. A refusal is remembered only that
 * long, in memory: a refused call changed nothing, so a retry that arrives after its answer runs
 * again, as a first try would.
 *
 * <p>A retry must ask for the same thing (the same reducer, caller and arguments, compared through
 * {@link IdempotencyWindow#fingerprint}); one that does not is refused as {@link
 * ErrorKind#BAD_ARGUMENTS}, since a key names one call.
 *
 * <p>Not thread-safe: confined to the module actor's thread.
 */
final class IdempotentCalls {
  private final String module;

  /** Queued calls per key, counting the one running until it is {@link #done}. */
  private final Map<String, Integer> queued = new HashMap<>();

  /** Refusals under keys that calls still queued carry. */
  private final Map<String, Refusal> refused = new HashMap<>();

  private record Refusal(long fingerprint, Failed failed) {}

  IdempotentCalls(String module) {
    this.module = module;
  }

  /**
   * Takes a call into the queue: null, or the refusal of its key when that is not a valid one (then
   * the call must not be queued).
   */
  Failed admit(Call call) {
    var key = call.idempotencyKey();
    if (key == null) {
      return null;
    }
    var problem = IdempotencyWindow.problem(key);
    if (problem != null) {
      return new Failed(ErrorKind.BAD_ARGUMENTS, "module " + module + ": " + problem);
    }
    queued.merge(key, 1, Integer::sum);
    return null;
  }

  /**
   * What a call with {@code key}, asking for {@code fingerprint}, is answered with instead of
   * running, or null when it is to run. {@code nowMicros} is the timestamp its transaction would
   * get, against which the key's age is measured.
   */
  CallReply earlier(ModuleState state, String key, long fingerprint, long nowMicros) {
    var committed = state.idempotency().find(key, nowMicros);
    if (committed != null) {
      return committed.fingerprint() == fingerprint
          ? new Committed(committed.txId(), committed.timestampMicros())
          : mismatch(key);
    }
    var refusal = refused.get(key);
    if (refusal != null) {
      return refusal.fingerprint() == fingerprint ? refusal.failed() : mismatch(key);
    }
    return null;
  }

  /** A call with {@code key} was refused: calls queued with the same key get the same answer. */
  void refused(String key, long fingerprint, Failed failed) {
    if (queued.getOrDefault(key, 0) > 1) {
      refused.put(key, new Refusal(fingerprint, failed));
    }
  }

  /** A queued call has run (or was answered without running). */
  void done(Call call) {
    var key = call.idempotencyKey();
    if (key != null && queued.merge(key, -1, Integer::sum) <= 0) {
      queued.remove(key);
      refused.remove(key);
    }
  }

  /** The queue was dropped: no call waits any more. */
  void clear() {
    queued.clear();
    refused.clear();
  }

  private Failed mismatch(String key) {
    return new Failed(
        ErrorKind.BAD_ARGUMENTS,
        "module "
            + module
            + ": idempotency key '"
            + key
            + "' belongs to another call (another reducer, caller or arguments); a new call"
            + " needs a new key");
  }
}
