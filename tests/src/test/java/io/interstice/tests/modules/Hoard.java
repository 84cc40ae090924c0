package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;
import java.util.ArrayList;

/**
 * A hostile Java module of the out-of-memory test: {@link #putThenHoard} inserts a row and then
 * allocates until the JVM's heap is exhausted, so that the runtime has to undo a transaction whose
 * reducer never returned.
 */
@Module(
    name = "hoard",
    tables = {Hoard.Item.class})
public final class Hoard {
  private Hoard() {}

  /** A row a call inserted. */
  @Table(name = "items")
  public record Item(@PrimaryKey long id, String note) {}

  /** Inserts row {@code id}. */
  @Reducer
  public static void put(ReducerContext ctx, long id) {
    ctx.table(Item.class).insert(new Item(id, "put"));
  }

  /** Inserts row {@code id}, then holds on to memory until there is none left. */
  @Reducer
  public static void putThenHoard(ReducerContext ctx, long id) {
    ctx.table(Item.class).insert(new Item(id, "hoarded"));
    var hoard = new ArrayList<long[]>();
    while (true) {
      hoard.add(new long[1 << 20]);
    }
  }
}
