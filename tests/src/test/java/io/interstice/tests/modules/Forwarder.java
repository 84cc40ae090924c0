package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;

/**
 * A caller of the delivery crash test: {@link #forward} records its token here and calls {@link
 * Ledger#add} with it, so once calls settle every forward has exactly one ledger item with its
 * token and amount.
 */
@Module(
    name = "forwarder",
    tables = {Forwarder.Forward.class})
public final class Forwarder {
  private Forwarder() {}

  /** One forwarded call; the primary key refuses a token forwarded twice. */
  @Table(name = "forwards")
  public record Forward(@PrimaryKey String token, long amount) {}

  /** Records the forward and calls the ledger once this transaction is durable. */
  @Reducer
  public static void forward(ReducerContext ctx, String token, long amount) {
    ctx.table(Forward.class).insert(new Forward(token, amount));
    ctx.call(Ledger.ADD, new Ledger.Add(token, amount));
  }
}
