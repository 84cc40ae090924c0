package io.interstice.runtime.module.code;

import com.typesafe.config.Config;
import io.interstice.sdk.schema.ModuleSchema;
import java.time.Duration;

/**
 * The limits that keep one module from hurting anything but itself, from {@code
 * interstice.module.limits} (documented in {@code reference.conf} and {@code docs/reliability.md}):
 * how far ahead, how often and how many schedules it may keep, how much text one call may leave in
 * errors and the node's log, how large a schema may be, and how much of a thread one batch may hold
 * before the module gives the thread up.
 *
 * @param maxScheduleAhead how far after its transaction a schedule may first come due
 * @param minScheduleInterval the shortest interval of a repeating schedule
 * @param maxPendingSchedules schedules one module may hold at once
 * @param maxMessageLength characters of a refusal, trap or error message returned, logged or
 *     persisted; longer ones are cut with a marker
 * @param maxLogLine characters of one line a guest logs; longer ones are cut with a marker
 * @param maxLogPerCall characters one call may log in all; the rest is dropped, with one warning
 * @param maxCallArgs bytes of the JSON arguments of one call a transaction makes to another module
 * @param maxCallsPerTransaction calls to other modules one transaction may make
 * @param maxTables tables one schema may declare
 * @param maxReducers reducers one schema may declare
 * @param maxQueries queries one schema may declare
 * @param maxSubscriptions subscriptions one schema may declare
 * @param batchTime wall time one batch may spend running reducers before the rest of the queue
 *     waits for the next batch, so that other modules get the thread
 * @param deployTime wall time loading a deploy's code (parse, check, describe) may take before the
 *     deploy is refused
 */
public record ModuleLimits(
    Duration maxScheduleAhead,
    Duration minScheduleInterval,
    int maxPendingSchedules,
    int maxMessageLength,
    int maxLogLine,
    int maxLogPerCall,
    int maxCallArgs,
    int maxCallsPerTransaction,
    int maxTables,
    int maxReducers,
    int maxQueries,
    int maxSubscriptions,
    Duration batchTime,
    Duration deployTime) {

  public ModuleLimits {
    positive("max-schedule-ahead", maxScheduleAhead);
    positive("min-schedule-interval", minScheduleInterval);
    positive("batch-time", batchTime);
    positive("deploy-time", deployTime);
    atLeast("max-pending-schedules", maxPendingSchedules, 1);
    atLeast("max-message-length", maxMessageLength, 64);
    atLeast("max-log-line", maxLogLine, 64);
    atLeast("max-log-per-call", maxLogPerCall, maxLogLine);
    atLeast("max-call-args", maxCallArgs, 2);
    atLeast("max-calls-per-transaction", maxCallsPerTransaction, 0);
    atLeast("max-tables", maxTables, 1);
    atLeast("max-reducers", maxReducers, 1);
    atLeast("max-queries", maxQueries, 0);
    atLeast("max-subscriptions", maxSubscriptions, 0);
  }

  /** The defaults of {@code reference.conf}. */
  public static ModuleLimits defaults() {
    return fromConfig(com.typesafe.config.ConfigFactory.defaultReference());
  }

  public static ModuleLimits fromConfig(Config config) {
    var limits = config.getConfig("interstice.module.limits");
    return new ModuleLimits(
        limits.getDuration("max-schedule-ahead"),
        limits.getDuration("min-schedule-interval"),
        limits.getInt("max-pending-schedules"),
        limits.getInt("max-message-length"),
        limits.getInt("max-log-line"),
        limits.getInt("max-log-per-call"),
        Math.toIntExact(limits.getBytes("max-call-args")),
        limits.getInt("max-calls-per-transaction"),
        limits.getInt("max-tables"),
        limits.getInt("max-reducers"),
        limits.getInt("max-queries"),
        limits.getInt("max-subscriptions"),
        limits.getDuration("batch-time"),
        limits.getDuration("deploy-time"));
  }

  /**
   * Refuses a schema with more tables, reducers, queries or subscriptions than these limits allow;
   * checked before the schema is validated or installed, so that the work those do stays bounded.
   *
   * @throws ModuleLoadException naming {@code what} was loaded, the count and the setting
   */
  public void requireWithin(ModuleSchema schema, String what) {
    within(what, schema.tables().size(), maxTables, "tables", "max-tables");
    within(what, schema.reducers().size(), maxReducers, "reducers", "max-reducers");
    within(what, schema.queries().size(), maxQueries, "queries", "max-queries");
    within(
        what,
        schema.subscriptions().size(),
        maxSubscriptions,
        "subscriptions",
        "max-subscriptions");
  }

  private static void within(String what, int count, int max, String of, String key) {
    if (count > max) {
      throw new ModuleLoadException(
          what
              + " describes a schema of "
              + count
              + " "
              + of
              + ", more than the limit of "
              + max
              + " (interstice.module.limits."
              + key
              + ")");
    }
  }

  private static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "interstice.module.limits." + key + " must be positive: " + value);
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "interstice.module.limits." + key + " must be at least " + min + ": " + value);
    }
  }
}
