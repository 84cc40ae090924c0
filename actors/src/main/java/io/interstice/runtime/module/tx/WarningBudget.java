package io.interstice.runtime.module.tx;

import io.interstice.runtime.module.code.LogContext;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * How many failure warnings one module may write to the node's log: {@link #PER_MINUTE} a minute,
 * then one line saying how many were left out. A module whose repeating schedule fails every few
 * milliseconds, or whose reducer traps at every call, would otherwise fill the node's log at its
 * own pace. Not thread-safe: confined to its module actor.
 */
public final class WarningBudget {
  static final int PER_MINUTE = 20;
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final String module;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int used;
  private long leftOut;

  public WarningBudget(String module) {
    this(module, System::nanoTime);
  }

  WarningBudget(String module, LongSupplier nanoTime) {
    this.module = module;
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  /**
   * Whether the next warning may be written; when a minute with warnings left out is over, first
   * says how many there were.
   */
  public boolean allow(Logger log) {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= MINUTE_NANOS) {
      if (leftOut > 0) {
        long count = leftOut;
        LogContext.log(
            module,
            () ->
                log.warn(
                    "module {}: {} more failure warnings were left out in the last minute (at"
                        + " most {} a minute are written)",
                    module,
                    count,
                    PER_MINUTE));
      }
      windowStart = now;
      used = 0;
      leftOut = 0;
    }
    if (used < PER_MINUTE) {
      used++;
      return true;
    }
    leftOut++;
    return false;
  }
}
