package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;

/**
 * A subscriber of the delivery crash test: follows the bank example's accounts through their
 * inserts and updates, recording one movement per change and its own copy of every balance. An
 * update must start from the balance this module last saw, so a change delivered twice, lost or out
 * of order is recorded as an anomaly when the next change of the account arrives.
 */
@Module(
    name = "audit",
    tables = {BankAudit.Movement.class, BankAudit.Balance.class, BankAudit.Anomaly.class})
public final class BankAudit {
  private BankAudit() {}

  /** The columns of the bank's accounts table. */
  public record AccountRow(long id, String owner, long balance) {}

  /** One change of an account's balance. */
  @Table(name = "movements")
  public record Movement(@PrimaryKey(autoIncrement = true) long id, long account, long delta) {}

  /** An account's balance as the changes delivered so far say. */
  @Table(name = "balances")
  public record Balance(@PrimaryKey long account, long balance) {}

  /** A change that does not follow from the changes delivered before it. */
  @Table(name = "anomalies")
  public record Anomaly(@PrimaryKey(autoIncrement = true) long id, String what) {}

  @Subscribe("bank.accounts.insert")
  public static void opened(ReducerContext ctx, AccountRow account) {
    var balances = ctx.table(Balance.class);
    if (balances.get(account.id()).isPresent()) {
      anomaly(ctx, "account " + account.id() + " opened again");
      return;
    }
    balances.insert(new Balance(account.id(), account.balance()));
    ctx.table(Movement.class).insert(new Movement(0, account.id(), account.balance()));
  }

  @Subscribe("bank.accounts.update")
  public static void changed(ReducerContext ctx, AccountRow before, AccountRow after) {
    var balances = ctx.table(Balance.class);
    long known = balances.get(after.id()).map(Balance::balance).orElse(Long.MIN_VALUE);
    if (known != before.balance()) {
      anomaly(
          ctx,
          "account "
              + after.id()
              + " changed from "
              + before.balance()
              + " to "
              + after.balance()
              + ", but its last known balance is "
              + (known == Long.MIN_VALUE ? "none" : Long.toString(known)));
    }
    var balance = new Balance(after.id(), after.balance());
    if (known == Long.MIN_VALUE) {
      balances.insert(balance);
    } else {
      balances.update(balance);
    }
    ctx.table(Movement.class)
        .insert(new Movement(0, after.id(), after.balance() - before.balance()));
  }

  private static void anomaly(ReducerContext ctx, String what) {
    ctx.table(Anomaly.class).insert(new Anomaly(0, what + " at " + ctx.timestamp()));
  }
}
