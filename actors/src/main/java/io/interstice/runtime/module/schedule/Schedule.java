package io.interstice.runtime.module.schedule;

import io.interstice.runtime.module.code.Micros;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A durable schedule of a module: run {@code reducer} with {@code args} (a JSON array) at {@code
 * dueMicros}, and then every {@code intervalMicros} if that is positive. Created and cancelled by
 * transactions and advanced by the transaction that runs it, all in the log, so replay rebuilds the
 * same schedules without a clock.
 */
public record Schedule(long id, String reducer, byte[] args, long dueMicros, long intervalMicros) {
  public Schedule {
    Objects.requireNonNull(reducer, "reducer");
    Objects.requireNonNull(args, "args");
    if (intervalMicros < 0) {
      throw new IllegalArgumentException("a schedule's interval must not be negative");
    }
  }

  public boolean repeating() {
    return intervalMicros > 0;
  }

  /**
   * The schedule after the run at {@code ranAtMicros}: gone (null) if it runs once, else due at the
   * first multiple of the interval after that time — runs missed while the module was down are not
   * caught up.
   */
  public Schedule afterRun(long ranAtMicros) {
    if (!repeating()) {
      return null;
    }
    long next = Micros.plus(dueMicros, intervalMicros);
    if (next <= ranAtMicros) {
      long missed = (ranAtMicros - next) / intervalMicros + 1;
      next += missed * intervalMicros; // at most one interval past a real time: cannot overflow
    }
    return new Schedule(id, reducer, args, next, intervalMicros);
  }

  public String argsJson() {
    return new String(args, StandardCharsets.UTF_8);
  }
}
