package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;
import java.util.Random;

/**
 * A module that is NOT deterministic, for the determinism checker's tests: its reducer reads the
 * JVM's clock and an unseeded random generator instead of {@code ctx.timestamp()} and {@code
 * ctx.random()}, so running a logged call again writes another row than the log holds.
 */
@Module(
    name = "wallclock",
    tables = {WallClock.Stamp.class})
public final class WallClock {
  private WallClock() {}

  /** One call's reading of the clock and of an unseeded generator. */
  @Table(name = "stamps")
  public record Stamp(
      @PrimaryKey(autoIncrement = true) long id, String note, long nanos, long dice) {}

  @Reducer
  public static void stamp(ReducerContext ctx, String note) {
    ctx.table(Stamp.class).insert(new Stamp(0, note, System.nanoTime(), new Random().nextLong()));
  }
}
