package io.interstice.runtime.testmodules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Table;
import io.interstice.sdk.schema.Visibility;
import java.time.Duration;

/** Durable schedules: one-off and repeating reminders that ring by inserting a row. */
@Module(
    name = "reminders",
    tables = {Reminders.Ring.class, Reminders.Named.class})
public final class Reminders {
  private Reminders() {}

  @Table(name = "rings")
  public record Ring(@PrimaryKey(autoIncrement = true) long id, String label) {}

  @Table(name = "named")
  public record Named(@PrimaryKey String label, long scheduleId) {}

  @Reducer
  public static void remind(ReducerContext ctx, String label, long delayMillis) {
    long id = ctx.schedule("ring", Duration.ofMillis(delayMillis), label);
    ctx.table(Named.class).insert(new Named(label, id));
  }

  @Reducer
  public static void every(ReducerContext ctx, String label, long intervalMillis) {
    long id = ctx.scheduleRepeating("ring", Duration.ofMillis(intervalMillis), label);
    ctx.table(Named.class).insert(new Named(label, id));
  }

  @Reducer
  public static void stop(ReducerContext ctx, String label) {
    var named = ctx.table(Named.class).get(label).orElseThrow(() -> new ReducerException(label));
    if (!ctx.cancelSchedule(named.scheduleId())) {
      throw new ReducerException("schedule of " + label + " is already gone");
    }
  }

  /** Schedules a reducer that does not fit: refused inside the transaction. */
  @Reducer
  public static void misschedule(ReducerContext ctx) {
    ctx.schedule("ring", Duration.ofMillis(1), 42L);
  }

  @Reducer(visibility = Visibility.PRIVATE)
  public static void ring(ReducerContext ctx, String label) {
    ctx.table(Ring.class).insert(new Ring(0, label));
  }

  @Query
  public static long rings(QueryContext ctx, String label) {
    return ctx.table(Ring.class).scan().filter(ring -> ring.label().equals(label)).count();
  }
}
