package io.interstice.examples.bank;

import io.interstice.sdk.Module;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.ReadOnlyTableHandle;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import java.util.Optional;

/**
 * The bank example module: accounts with a balance, deposits and transfers between accounts. Every
 * refusal (blank owner, unknown account, insufficient funds, overflow, …) is a {@link
 * ReducerException} whose message names the accounts and amounts involved. Balances are whole units
 * in a {@code long} and never go below zero.
 *
 * <p>{@link #transfer} is the benchmark workload, so it does no more than two reads and two writes.
 */
@Module(
    name = "bank",
    tables = {Account.class})
public final class Bank {
  private Bank() {}

  /** Opens an account for {@code owner}, who must not have one yet; its id is generated. */
  @Reducer
  public static void open(ReducerContext ctx, String owner, long initialBalance) {
    if (owner.isBlank()) {
      throw new ReducerException("owner must not be blank");
    }
    if (initialBalance < 0) {
      throw new ReducerException("initial balance must not be negative, got " + initialBalance);
    }
    var accounts = ctx.table(Account.class);
    var existing = accounts.findUnique("owner", owner);
    if (existing.isPresent()) {
      throw new ReducerException("owner " + owner + " already has account " + existing.get().id());
    }
    accounts.insert(new Account(0, owner, initialBalance));
  }

  /** Adds {@code amount} to the balance of {@code account}. */
  @Reducer
  public static void deposit(ReducerContext ctx, long account, long amount) {
    requirePositive(amount);
    var accounts = ctx.table(Account.class);
    var target = existing(accounts, account);
    accounts.update(credited(target, amount));
  }

  /** Moves {@code amount} from account {@code from} to account {@code to}. */
  @Reducer
  public static void transfer(ReducerContext ctx, long from, long to, long amount) {
    requirePositive(amount);
    if (from == to) {
      throw new ReducerException("cannot transfer from account " + from + " to itself");
    }
    var accounts = ctx.table(Account.class);
    var source = existing(accounts, from);
    var target = existing(accounts, to);
    if (source.balance() < amount) {
      throw new ReducerException(
          "insufficient funds: account " + from + " has " + source.balance() + ", needs " + amount);
    }
    var credited = credited(target, amount);
    accounts.update(new Account(source.id(), source.owner(), source.balance() - amount));
    accounts.update(credited);
  }

  /** The balance of {@code account}. */
  @Query
  public static long balance(QueryContext ctx, long account) {
    return existing(ctx.table(Account.class), account).balance();
  }

  /** The account of {@code owner}, if they have one. */
  @Query
  public static Optional<Account> account(QueryContext ctx, String owner) {
    return ctx.table(Account.class).findUnique("owner", owner);
  }

  private static void requirePositive(long amount) {
    if (amount <= 0) {
      throw new ReducerException("amount must be positive, got " + amount);
    }
  }

  private static Account existing(ReadOnlyTableHandle<Account> accounts, long id) {
    return accounts.get(id).orElseThrow(() -> new ReducerException("no account " + id));
  }

  private static Account credited(Account account, long amount) {
    try {
      return new Account(account.id(), account.owner(), Math.addExact(account.balance(), amount));
    } catch (ArithmeticException e) {
      throw new ReducerException(
          "adding "
              + amount
              + " to account "
              + account.id()
              + " would overflow its balance of "
              + account.balance(),
          e);
    }
  }
}
