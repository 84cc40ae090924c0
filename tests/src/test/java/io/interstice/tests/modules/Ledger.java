package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.Table;

/**
 * A producer of the delivery crash test: every {@link #add} inserts one item carrying the caller's
 * token. Tokens are unique per call, and the table deliberately has no unique index on them, so a
 * call run twice shows as two items with one token instead of a refused call. Item ids come from
 * the auto-increment counter and {@link #add} never fails, so they are 1, 2, 3, … in commit order.
 */
@Module(
    name = "ledger",
    tables = {Ledger.Item.class})
public final class Ledger {
  private Ledger() {}

  /** The parameters of {@link #add}, for other modules' calls. */
  public record Add(String token, long amount) {}

  /** {@link #add}, for other modules' calls. */
  public static final ReducerRef<Add> ADD = ReducerRef.of("ledger", "add", Add.class);

  /** One call of {@link #add}. */
  @Table(name = "items")
  public record Item(@PrimaryKey(autoIncrement = true) long id, String token, long amount) {}

  /**
   * Records {@code amount} under {@code token}; also called by {@link Forwarder} and {@link
   * Ticker}.
   */
  @Reducer
  public static void add(ReducerContext ctx, String token, long amount) {
    ctx.table(Item.class).insert(new Item(0, token, amount));
  }
}
