package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;
import io.interstice.sdk.schema.Visibility;
import java.time.Duration;

/**
 * The schedule of the delivery crash test: {@link #start} creates one repeating schedule of {@link
 * #tick}. A repeating schedule's due times are {@code first + k * interval}, and the next one is
 * always after the run, so the runs fall into strictly increasing intervals ("slots" counted from
 * the first due time); a run in a slot already used, or before the first due time, means a run was
 * repeated or came early, and is recorded as an anomaly. Every run also calls {@link Ledger#add}
 * with the token {@link #token(long)} of its slot: a sender that sends rarely, unlike {@link
 * Forwarder}, so the ledger often recovers from a snapshot taken after its last delivery from here.
 */
@Module(
    name = "ticker",
    tables = {Ticker.Clock.class, Ticker.Tick.class, Ticker.Anomaly.class})
public final class Ticker {
  private Ticker() {}

  /** The one schedule (row 1): its first due time and interval (µs), and its last slot. */
  @Table(name = "clock")
  public record Clock(
      @PrimaryKey long id,
      long scheduleId,
      long firstDueMicros,
      long intervalMicros,
      long lastSlot) {}

  private static final long CLOCK = 1;

  /** One run, in its slot, with its transaction's timestamp. */
  @Table(name = "ticks")
  public record Tick(@PrimaryKey long slot, long micros) {}

  /** A run that repeated a slot or came early. */
  @Table(name = "anomalies")
  public record Anomaly(@PrimaryKey(autoIncrement = true) long id, String what) {}

  /** Starts ticking every {@code intervalMillis}; does nothing once started. */
  @Reducer
  public static void start(ReducerContext ctx, long intervalMillis) {
    var clocks = ctx.table(Clock.class);
    if (clocks.get(CLOCK).isPresent()) {
      return;
    }
    long scheduleId = ctx.scheduleRepeating("tick", Duration.ofMillis(intervalMillis));
    long interval = intervalMillis * 1_000;
    long firstDue = Journalled.micros(ctx.timestamp()) + interval;
    clocks.insert(new Clock(CLOCK, scheduleId, firstDue, interval, -1));
  }

  /** Stops ticking; does nothing when not ticking. */
  @Reducer
  public static void stop(ReducerContext ctx) {
    ctx.table(Clock.class).get(CLOCK).ifPresent(clock -> ctx.cancelSchedule(clock.scheduleId()));
  }

  /** The token of the ledger item the run in {@code slot} adds. */
  public static String token(long slot) {
    return "t" + slot;
  }

  @Reducer(visibility = Visibility.PRIVATE)
  public static void tick(ReducerContext ctx) {
    var clocks = ctx.table(Clock.class);
    var clock = clocks.get(CLOCK).orElseThrow();
    long micros = Journalled.micros(ctx.timestamp());
    long slot = Math.floorDiv(micros - clock.firstDueMicros(), clock.intervalMicros());
    if (slot < 0 || slot <= clock.lastSlot()) {
      ctx.table(Anomaly.class)
          .insert(
              new Anomaly(
                  0,
                  "run at "
                      + micros
                      + " µs is in slot "
                      + slot
                      + ", but slot "
                      + clock.lastSlot()
                      + " already ran"));
      return;
    }
    ctx.table(Tick.class).insert(new Tick(slot, micros));
    ctx.call(Ledger.ADD, new Ledger.Add(token(slot), 1));
    clocks.update(
        new Clock(CLOCK, clock.scheduleId(), clock.firstDueMicros(), clock.intervalMicros(), slot));
  }
}
