package io.interstice.bench;

import io.interstice.examples.bank.Account;
import io.interstice.examples.bank.Bank;
import io.interstice.sdk.Module;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import java.util.List;
import java.util.Locale;

/**
 * The bank modules of {@link ClusterBench}'s call rows: {@code bank00} to {@code bank15}, each the
 * bank example ({@link Bank}) under a name of its own, so that several banks spread over the nodes
 * of a cluster. A Java module's name is fixed by its annotation, hence one small class per bank;
 * each hands its reducers to the example's, so all of them behave, and refuse, as it does.
 */
public final class ClusterBanks {
  /** Every bank module class, in name order. */
  static final List<Class<?>> MODULES =
      List.of(
          Bank00.class,
          Bank01.class,
          Bank02.class,
          Bank03.class,
          Bank04.class,
          Bank05.class,
          Bank06.class,
          Bank07.class,
          Bank08.class,
          Bank09.class,
          Bank10.class,
          Bank11.class,
          Bank12.class,
          Bank13.class,
          Bank14.class,
          Bank15.class);

  private ClusterBanks() {}

  /** The name of bank {@code index} (0-based): {@code bank00}, {@code bank01}, ... */
  static String name(int index) {
    return String.format(Locale.ROOT, "bank%02d", index);
  }

  @Module(name = "bank00", tables = Account.class)
  public static final class Bank00 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank01", tables = Account.class)
  public static final class Bank01 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank02", tables = Account.class)
  public static final class Bank02 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank03", tables = Account.class)
  public static final class Bank03 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank04", tables = Account.class)
  public static final class Bank04 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank05", tables = Account.class)
  public static final class Bank05 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank06", tables = Account.class)
  public static final class Bank06 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank07", tables = Account.class)
  public static final class Bank07 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank08", tables = Account.class)
  public static final class Bank08 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank09", tables = Account.class)
  public static final class Bank09 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank10", tables = Account.class)
  public static final class Bank10 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank11", tables = Account.class)
  public static final class Bank11 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank12", tables = Account.class)
  public static final class Bank12 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank13", tables = Account.class)
  public static final class Bank13 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank14", tables = Account.class)
  public static final class Bank14 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }

  @Module(name = "bank15", tables = Account.class)
  public static final class Bank15 {
    @Reducer
    public static void open(ReducerContext ctx, String owner, long initialBalance) {
      Bank.open(ctx, owner, initialBalance);
    }

    @Reducer
    public static void transfer(ReducerContext ctx, long from, long to, long amount) {
      Bank.transfer(ctx, from, to, amount);
    }
  }
}
