package io.interstice.runtime.testmodules;

import io.interstice.sdk.Index;
import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Table;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test module whose reducer is not idempotent: every run of {@link #deposit} adds a row, so the
 * rows count the calls that committed, and {@link #RUNS} counts every run, refused ones included.
 */
@Module(
    name = "deposits",
    tables = {Deposits.Deposit.class})
public final class Deposits {
  /** Runs of {@link #deposit} in this JVM, committed or refused. */
  public static final AtomicLong RUNS = new AtomicLong();

  private Deposits() {}

  /** One deposit. */
  @Table(name = "deposits")
  public record Deposit(
      @PrimaryKey(autoIncrement = true) long id, @Index String account, long amount) {}

  /** Adds a deposit of {@code amount}; refuses one that is not positive. */
  @Reducer
  public static void deposit(ReducerContext ctx, String account, long amount) {
    RUNS.incrementAndGet();
    if (amount <= 0) {
      throw new ReducerException("a deposit must be positive: " + amount);
    }
    ctx.table(Deposit.class).insert(new Deposit(0, account, amount));
  }

  /**
   * Holds the module for {@code millis}, writing nothing, so that calls sent meanwhile queue up and
   * run in one batch after it.
   */
  @Reducer
  public static void pause(ReducerContext ctx, long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  /** Another reducer, to retry a key with. */
  @Reducer
  public static void withdraw(ReducerContext ctx, String account, long amount) {
    ctx.table(Deposit.class).insert(new Deposit(0, account, -amount));
  }
}
