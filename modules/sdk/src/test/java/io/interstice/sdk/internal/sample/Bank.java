package io.interstice.sdk.internal.sample;

import io.interstice.sdk.Init;
import io.interstice.sdk.Module;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.schema.Visibility;
import java.util.Optional;

/** The sample bank module of the tests: accounts, transfers that fail on insufficient funds. */
@Module(
    name = "bank",
    tables = {Account.class})
public final class Bank {
  private Bank() {}

  /** What the audit module announces; the payload of {@link #onAudit}. */
  public record Notice(String text, long amount) {}

  @Init
  static void setUp(ReducerContext ctx) {
    ctx.log("bank ready");
  }

  @Reducer
  public static void openAccount(ReducerContext ctx, String owner, long initialBalance) {
    ctx.table(Account.class).insert(new Account(0, owner, initialBalance));
  }

  @Reducer
  public static void transfer(ReducerContext ctx, long from, long to, long amount) {
    var accounts = ctx.table(Account.class);
    var source = accounts.get(from).orElseThrow(() -> new ReducerException("no account " + from));
    var target = accounts.get(to).orElseThrow(() -> new ReducerException("no account " + to));
    if (source.balance() < amount) {
      throw new ReducerException(
          "insufficient funds: balance " + source.balance() + ", wanted " + amount);
    }
    accounts.update(new Account(source.id(), source.owner(), source.balance() - amount));
    accounts.update(new Account(target.id(), target.owner(), target.balance() + amount));
  }

  @Reducer(name = "close", visibility = Visibility.PRIVATE)
  static void closeAccount(ReducerContext ctx, long id) {
    ctx.table(Account.class).delete(id);
  }

  @Subscribe("audit.notices.insert")
  static void onAudit(ReducerContext ctx, Notice notice) {
    ctx.log("audit: " + notice.text() + " " + notice.amount());
  }

  @Query
  public static Optional<Account> accountOf(QueryContext ctx, String owner) {
    return ctx.table(Account.class).findUnique("owner", owner);
  }

  @Query
  public static long totalBalance(QueryContext ctx) {
    return ctx.table(Account.class).scan().mapToLong(Account::balance).sum();
  }
}
