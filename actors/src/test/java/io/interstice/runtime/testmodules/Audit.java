package io.interstice.runtime.testmodules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;

/** Subscribes to the bank example's account changes and records every balance movement. */
@Module(
    name = "audit",
    tables = {Audit.Movement.class})
public final class Audit {
  private Audit() {}

  /** The columns of bank's accounts table. */
  public record AccountRow(long id, String owner, long balance) {}

  @Table(name = "movements")
  public record Movement(
      @PrimaryKey(autoIncrement = true) long id, long account, long delta, String source) {}

  @Subscribe("bank.accounts.insert")
  public static void opened(ReducerContext ctx, AccountRow account) {
    ctx.table(Movement.class)
        .insert(new Movement(0, account.id(), account.balance(), ctx.caller()));
  }

  @Subscribe("bank.accounts.update")
  public static void changed(ReducerContext ctx, AccountRow before, AccountRow after) {
    ctx.table(Movement.class)
        .insert(new Movement(0, after.id(), after.balance() - before.balance(), ctx.caller()));
  }

  /** The sum of all recorded movements: equals the bank's total when nothing is lost or doubled. */
  @Query
  public static long total(QueryContext ctx) {
    return ctx.table(Movement.class).scan().mapToLong(Movement::delta).sum();
  }

  @Query
  public static long movements(QueryContext ctx) {
    return ctx.table(Movement.class).count();
  }
}
