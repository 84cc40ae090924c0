package io.interstice.runtime.testmodules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.Table;

/** Calls other modules' reducers: the bank's transfer, and one that does not exist. */
@Module(
    name = "relay",
    tables = {Relay.Request.class})
public final class Relay {
  private Relay() {}

  /** The bank's transfer parameters. */
  public record Transfer(long from, long to, long amount) {}

  static final ReducerRef<Transfer> TRANSFER = ReducerRef.of("bank", "transfer", Transfer.class);
  static final ReducerRef<Transfer> MISSING = ReducerRef.of("bank", "steal", Transfer.class);

  @Table(name = "requests")
  public record Request(@PrimaryKey(autoIncrement = true) long id, long amount) {}

  /** Records the request and asks the bank to transfer, after this transaction commits. */
  @Reducer
  public static void forward(ReducerContext ctx, long from, long to, long amount) {
    ctx.table(Request.class).insert(new Request(0, amount));
    ctx.call(TRANSFER, new Transfer(from, to, amount));
  }

  /** Calls a reducer the bank does not have: the bank records the failed delivery. */
  @Reducer
  public static void misdial(ReducerContext ctx) {
    ctx.call(MISSING, new Transfer(1, 2, 3));
  }

  /** Calls the bank, then fails: the call must never be made. */
  @Reducer
  public static void forwardThenFail(ReducerContext ctx, long from, long to, long amount) {
    ctx.call(TRANSFER, new Transfer(from, to, amount));
    throw new ReducerException("changed my mind");
  }
}
