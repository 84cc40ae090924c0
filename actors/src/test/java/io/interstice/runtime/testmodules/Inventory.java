package io.interstice.runtime.testmodules;

import io.interstice.sdk.Init;
import io.interstice.sdk.Module;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test module that exercises every table operation and index kind through the SDK, and counts how
 * often its reducers run (to prove that recovery runs none).
 */
@Module(
    name = "inventory",
    tables = {Item.class, Visit.class, Setting.class})
public final class Inventory {
  /** Reducer invocations in this JVM, init included. */
  public static final AtomicLong REDUCER_RUNS = new AtomicLong();

  private Inventory() {}

  @Init
  public static void init(ReducerContext ctx) {
    REDUCER_RUNS.incrementAndGet();
    ctx.table(Setting.class).insert(new Setting("currency", "EUR"));
  }

  @Reducer
  public static void add(
      ReducerContext ctx,
      String sku,
      long barcode,
      String category,
      int shelf,
      long price,
      Optional<String> note) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    var stored = items.insert(new Item(0, sku, barcode, category, shelf, price, note));
    // A reducer sees its own writes, through the key and through every index.
    if (items.get(stored.id()).isEmpty()
        || items.findUnique("sku", sku).isEmpty()
        || items.findUnique("barcode", barcode).isEmpty()
        || items.findAll("category", category).stream().noneMatch(i -> i.id() == stored.id())
        || items.findAll("shelf", shelf).stream().noneMatch(i -> i.id() == stored.id())) {
      throw new IllegalStateException("own write not visible: " + stored);
    }
  }

  /** Inserts two items in one transaction; the second may break a constraint. */
  @Reducer
  public static void addPair(ReducerContext ctx, String firstSku, String secondSku, long barcode) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    items.insert(new Item(0, firstSku, barcode, "pair", 1, 1, Optional.empty()));
    items.insert(new Item(0, secondSku, barcode + 1, "pair", 1, 1, Optional.empty()));
  }

  @Reducer
  public static void reprice(ReducerContext ctx, String sku, long price) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    var item = items.findUnique("sku", sku).orElseThrow(() -> new ReducerException("no " + sku));
    items.update(
        new Item(
            item.id(), sku, item.barcode(), item.category(), item.shelf(), price, item.note()));
  }

  @Reducer
  public static void move(ReducerContext ctx, String sku, String category, int shelf) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    var item = items.findUnique("sku", sku).orElseThrow(() -> new ReducerException("no " + sku));
    items.update(
        new Item(item.id(), sku, item.barcode(), category, shelf, item.price(), item.note()));
  }

  /** Changes the sku of an item, which may collide with another item's. */
  @Reducer
  public static void rename(ReducerContext ctx, String sku, String newSku) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    var item = items.findUnique("sku", sku).orElseThrow(() -> new ReducerException("no " + sku));
    items.update(
        new Item(
            item.id(),
            newSku,
            item.barcode(),
            item.category(),
            item.shelf(),
            item.price(),
            item.note()));
  }

  @Reducer
  public static void remove(ReducerContext ctx, String sku) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    var item = items.findUnique("sku", sku).orElseThrow(() -> new ReducerException("no " + sku));
    if (!items.delete(item.id()) || items.delete(item.id())) {
      throw new IllegalStateException("delete did not report the row exactly once");
    }
  }

  /** Deletes every item of a category, then fails: nothing may change. */
  @Reducer
  public static void clearThenFail(ReducerContext ctx, String category) {
    REDUCER_RUNS.incrementAndGet();
    var items = ctx.table(Item.class);
    for (var item : items.findAll("category", category)) {
      items.delete(item.id());
    }
    items.insert(new Item(0, "ghost", -1, category, 0, 0, Optional.empty()));
    throw new ReducerException("changed my mind");
  }

  /** Fails with an unexpected exception after writing. */
  @Reducer
  public static void crash(ReducerContext ctx) {
    REDUCER_RUNS.incrementAndGet();
    ctx.table(Item.class).insert(new Item(0, "crash", -2, "crash", 0, 0, Optional.empty()));
    throw new ArithmeticException("boom");
  }

  /** Records a visit in the ephemeral table. */
  @Reducer
  public static void visit(ReducerContext ctx, String user) {
    REDUCER_RUNS.incrementAndGet();
    var visits = ctx.table(Visit.class);
    var count = visits.get(user).map(Visit::count).orElse(0L);
    if (count == 0) {
      visits.insert(new Visit(user, 1));
    } else {
      visits.update(new Visit(user, count + 1));
    }
  }

  /** Stores the transaction's timestamp and a random draw as an item, to check determinism. */
  @Reducer
  public static void stamp(ReducerContext ctx, String sku) {
    REDUCER_RUNS.incrementAndGet();
    long micros = ctx.timestamp().getEpochSecond() * 1_000_000L + ctx.timestamp().getNano() / 1000;
    ctx.table(Item.class)
        .insert(
            new Item(
                0, sku, micros, "stamps", 0, ctx.random().nextLong(), Optional.of(ctx.caller())));
  }

  @Query
  public static Optional<Item> bySku(QueryContext ctx, String sku) {
    return ctx.table(Item.class).findUnique("sku", sku);
  }

  @Query
  public static Optional<Item> byBarcode(QueryContext ctx, long barcode) {
    return ctx.table(Item.class).findUnique("barcode", barcode);
  }

  @Query
  public static List<String> skusInCategory(QueryContext ctx, String category) {
    return ctx.table(Item.class).findAll("category", category).stream().map(Item::sku).toList();
  }

  @Query
  public static List<String> skusOnShelf(QueryContext ctx, int shelf) {
    return ctx.table(Item.class).findAll("shelf", shelf).stream().map(Item::sku).toList();
  }

  /** Skus whose sku is in [from, to), in sku order; empty strings mean unbounded. */
  @Query
  public static List<String> skuRange(QueryContext ctx, String from, String to) {
    var skus = new ArrayList<String>();
    for (var item :
        ctx.table(Item.class)
            .range("sku", from.isEmpty() ? null : from, to.isEmpty() ? null : to)) {
      skus.add(item.sku());
    }
    return skus;
  }

  @Query
  public static List<String> categoryRange(QueryContext ctx, String from, String to) {
    var skus = new ArrayList<String>();
    for (var item : ctx.table(Item.class).range("category", from, to)) {
      skus.add(item.sku());
    }
    return skus;
  }

  @Query
  public static long count(QueryContext ctx) {
    return ctx.table(Item.class).count();
  }

  @Query
  public static List<String> allSkus(QueryContext ctx) {
    return ctx.table(Item.class).scan().map(Item::sku).toList();
  }

  @Query
  public static Optional<String> setting(QueryContext ctx, String key) {
    return ctx.table(Setting.class).get(key).map(Setting::value);
  }

  @Query
  public static long visits(QueryContext ctx, String user) {
    return ctx.table(Visit.class).get(user).map(Visit::count).orElse(0L);
  }
}
