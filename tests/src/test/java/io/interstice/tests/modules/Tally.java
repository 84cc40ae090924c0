package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;

/**
 * A subscriber of the delivery crash test: sees every item {@link Ledger} inserts, in its own
 * transaction. Items arrive in id order, so each delivery must carry the item right after the last
 * one seen; anything else — an item seen again, or one skipped — is recorded as an anomaly rather
 * than refused, so that it stays visible in the tables instead of only in a log.
 */
@Module(
    name = "tally",
    tables = {Tally.Seen.class, Tally.Anomaly.class})
public final class Tally {
  private Tally() {}

  /** The columns of the ledger's items table, as a subscription delivers them. */
  public record ItemRow(long id, String token, long amount) {}

  /** An item delivered to this module. */
  @Table(name = "seen")
  public record Seen(@PrimaryKey long itemId, String token, long amount) {}

  /** A delivery out of order or seen before. */
  @Table(name = "anomalies")
  public record Anomaly(@PrimaryKey(autoIncrement = true) long id, String what) {}

  @Subscribe("ledger.items.insert")
  public static void inserted(ReducerContext ctx, ItemRow item) {
    var seen = ctx.table(Seen.class);
    if (seen.get(item.id()).isPresent()) {
      anomaly(ctx, "item " + item.id() + " (" + item.token() + ") delivered again");
      return;
    }
    long expected = seen.count() + 1;
    if (item.id() != expected) {
      anomaly(ctx, "item " + item.id() + " (" + item.token() + ") delivered, expected " + expected);
    }
    seen.insert(new Seen(item.id(), item.token(), item.amount()));
  }

  private static void anomaly(ReducerContext ctx, String what) {
    ctx.table(Anomaly.class).insert(new Anomaly(0, what + " at " + ctx.timestamp()));
  }
}
