package io.interstice.runtime.module.tx;

import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleLimitException;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.TxEnvironment;
import io.interstice.runtime.module.schedule.Schedule;
import io.interstice.runtime.module.schedule.Schedules;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.schema.Identifiers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's {@link TxEnvironment}: what it hands one reducer call besides its arguments: the
 * open transaction, the recorded inputs of the call (transaction id, timestamp, random seed,
 * caller), and where the calls it makes to other modules are collected. Everything a reducer may
 * learn from outside comes from here, and all of it is in the logged {@code TxCommitted}, so the
 * call can be re-run and checked later. The schedules and calls a reducer asks for are held to the
 * module's {@link ModuleLimits} here, where WebAssembly and Java modules both pass: one that breaks
 * a limit throws {@link ModuleLimitException}, which fails the reducer. Confined to the call's
 * thread.
 */
public final class ReducerEnvironment implements TxEnvironment {
  /** Characters of a refused name quoted back: a valid one has at most 64. */
  private static final int NAME_ECHO = 100;

  private final String module;
  private final String reducer;
  private final Transaction transaction;
  private final long txId;
  private final Instant timestamp;
  private final long seed;
  private final String caller;
  private final Schedules schedules;
  private final ModuleLimits limits;
  private final List<OutgoingCall> calls = new ArrayList<>();
  private final List<Schedule> scheduled = new ArrayList<>();
  private final List<Long> cancelled = new ArrayList<>();
  private int issued;

  /** A reducer call to another module made by this transaction: arguments as a JSON array. */
  public record OutgoingCall(String module, String reducer, byte[] argsJson) {}

  public ReducerEnvironment(
      String module,
      String reducer,
      Transaction transaction,
      long txId,
      Instant timestamp,
      long seed,
      String caller,
      Schedules schedules,
      ModuleLimits limits) {
    this.module = module;
    this.schedules = schedules;
    this.limits = limits;
    this.reducer = reducer;
    this.transaction = transaction;
    this.txId = txId;
    this.timestamp = timestamp;
    this.seed = seed;
    this.caller = caller;
  }

  @Override
  public String module() {
    return module;
  }

  @Override
  public String reducer() {
    return reducer;
  }

  @Override
  public Transaction transaction() {
    return transaction;
  }

  @Override
  public long txId() {
    return txId;
  }

  @Override
  public Instant timestamp() {
    return timestamp;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public String caller() {
    return caller;
  }

  /** The limits the module's calls are held to: also those of its messages and log lines. */
  @Override
  public ModuleLimits limits() {
    return limits;
  }

  /**
   * Queues a call to {@code module.reducer}, sent only if the transaction commits.
   *
   * @throws ModuleLimitException if a name can be no module's or reducer's (it could never be
   *     delivered, only resent), the arguments are too large, or the transaction made too many
   *     calls
   */
  @Override
  public void call(String targetModule, String targetReducer, byte[] argsJson) {
    checkCall(targetModule, targetReducer, argsJson.length);
    calls.add(new OutgoingCall(targetModule, targetReducer, argsJson));
  }

  /**
   * Whether a call to {@code targetModule.targetReducer} with {@code argsLength} bytes of arguments
   * would be accepted by {@link #call}, checked before the arguments are even parsed.
   *
   * @throws ModuleLimitException if it would not
   */
  @Override
  public void checkCall(String targetModule, String targetReducer, long argsLength) {
    if (!Identifiers.isIdentifier(targetModule)) {
      throw new ModuleLimitException(
          "call to module "
              + quoted(targetModule)
              + ": no module can have that name (names are "
              + Identifiers.RULE
              + ")");
    }
    if (!Identifiers.isIdentifier(targetReducer)) {
      throw new ModuleLimitException(
          "call to "
              + targetModule
              + "."
              + quoted(targetReducer)
              + ": no reducer can have that name (names are "
              + Identifiers.RULE
              + ")");
    }
    if (argsLength > limits.maxCallArgs()) {
      throw new ModuleLimitException(
          "call to "
              + targetModule
              + "."
              + targetReducer
              + " with "
              + argsLength
              + " bytes of arguments, over the limit of "
              + limits.maxCallArgs()
              + " (interstice.module.limits.max-call-args)");
    }
    if (calls.size() >= limits.maxCallsPerTransaction()) {
      throw new ModuleLimitException(
          "call to "
              + targetModule
              + "."
              + targetReducer
              + " would be call "
              + (calls.size() + 1)
              + " of this transaction, over the limit of "
              + limits.maxCallsPerTransaction()
              + " (interstice.module.limits.max-calls-per-transaction)");
    }
  }

  /** A name as the guest gave it, quoted, and cut so that a huge one is not echoed back. */
  private static String quoted(String name) {
    return "\"" + BoundedText.cut(name, NAME_ECHO) + "\"";
  }

  /** The calls queued so far, in order. */
  public List<OutgoingCall> calls() {
    return calls;
  }

  /**
   * Creates a schedule of {@code targetReducer} due {@code delayMicros} after this transaction's
   * timestamp (and then every {@code intervalMicros}, if positive); returns its id.
   *
   * @throws ModuleLimitException if the delay is beyond max-schedule-ahead, the interval below
   *     min-schedule-interval, or the module would hold more than max-pending-schedules
   */
  @Override
  public long schedule(
      String targetReducer, byte[] argsJson, long delayMicros, long intervalMicros) {
    checkSchedule(targetReducer, delayMicros, intervalMicros);
    long id = schedules.nextId() + issued++;
    // Saturates: a delay past the end of time never comes due, rather than wrapping into the past.
    long due = Micros.plus(Micros.of(timestamp), delayMicros);
    scheduled.add(new Schedule(id, targetReducer, argsJson, due, intervalMicros));
    return id;
  }

  private void checkSchedule(String targetReducer, long delayMicros, long intervalMicros) {
    long maxAhead = Micros.of(limits.maxScheduleAhead());
    if (delayMicros > maxAhead) {
      throw new ModuleLimitException(
          "schedule of "
              + targetReducer
              + " "
              + readable(delayMicros)
              + " ahead, further than the limit of "
              + readable(maxAhead)
              + " (interstice.module.limits.max-schedule-ahead)");
    }
    long minInterval = Micros.of(limits.minScheduleInterval());
    if (intervalMicros > 0 && intervalMicros < minInterval) {
      throw new ModuleLimitException(
          "schedule of "
              + targetReducer
              + " every "
              + readable(intervalMicros)
              + ", more often than the limit of every "
              + readable(minInterval)
              + " (interstice.module.limits.min-schedule-interval)");
    }
    // Conservative: a one-off schedule this transaction runs still counts until it commits.
    long held = schedules.size() + scheduled.size() - cancelled.size();
    if (held >= limits.maxPendingSchedules()) {
      throw new ModuleLimitException(
          "schedule of "
              + targetReducer
              + " would be schedule "
              + (held + 1)
              + " of module "
              + module
              + ", over the limit of "
              + limits.maxPendingSchedules()
              + " (interstice.module.limits.max-pending-schedules); cancel some first");
    }
  }

  /** A span of microseconds in the largest unit that keeps it readable. */
  static String readable(long micros) {
    var duration = Duration.ofSeconds(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    if (duration.toDays() >= 1) {
      return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
    }
    if (duration.getSeconds() >= 1) {
      return duration.toMillis() % 1000 == 0
          ? duration.getSeconds() + " s"
          : duration.toMillis() + " ms";
    }
    return micros % 1000 == 0 ? micros / 1000 + " ms" : micros + " µs";
  }

  /** Cancels a schedule, one made earlier or in this transaction; false if there is none. */
  @Override
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
