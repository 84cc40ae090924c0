package io.interstice.runtime.module.code;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Conversions between {@link Instant}/{@link Duration} and the microseconds since the epoch that
 * the log records: one place for them, so that every timestamp the runtime writes, schedules and
 * reports is truncated and rounded the same way. Stateless and thread-safe.
 */
public final class Micros {
  private static final long PER_SECOND = 1_000_000L;
  private static final long NANOS_PER_MICRO = 1_000L;

  private Micros() {}

  /** Microseconds since the epoch of {@code instant}, sub-microsecond digits dropped. */
  public static long of(Instant instant) {
    return instant.getEpochSecond() * PER_SECOND + instant.getNano() / NANOS_PER_MICRO;
  }

  /**
   * {@code duration} in microseconds, sub-microsecond digits dropped; saturates at {@code
   * Long.MIN_VALUE}/{@code Long.MAX_VALUE} for durations beyond them.
   */
  public static long of(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds > Long.MAX_VALUE / PER_SECOND - 1) {
      return Long.MAX_VALUE;
    }
    if (seconds < Long.MIN_VALUE / PER_SECOND + 1) {
      return Long.MIN_VALUE;
    }
    return seconds * PER_SECOND + duration.getNano() / NANOS_PER_MICRO;
  }

  /** {@code a + b}, saturating at {@code Long.MAX_VALUE} and {@code Long.MIN_VALUE}. */
  public static long plus(long a, long b) {
    long sum = a + b;
    // Overflow happened when both operands have the sign the sum lacks.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** The current time of {@code clock} in microseconds since the epoch. */
  public static long now(Clock clock) {
    return of(clock.instant());
  }

  /** The instant {@code micros} microseconds after the epoch (before it, if negative). */
  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * NANOS_PER_MICRO);
  }
}
