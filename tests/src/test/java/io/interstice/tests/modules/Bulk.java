package io.interstice.tests.modules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;
import java.util.List;

/**
 * A module whose messages are as large as its callers make them: large arguments, a transaction
 * that writes many large rows, a large query result and a table whose rows together outgrow a frame
 * of the remote transport.
 */
@Module(
    name = "bulk",
    tables = {Bulk.Blob.class})
public final class Bulk {
  private Bulk() {}

  /** One large text. */
  @Table(name = "blobs")
  public record Blob(@PrimaryKey long id, String text) {}

  /** Stores {@code text} as row {@code id}. */
  @Reducer
  public static void put(ReducerContext ctx, long id, String text) {
    ctx.table(Blob.class).insert(new Blob(id, text));
  }

  /**
   * Inserts rows {@code from}..{@code from + count - 1}, each {@code size} copies of its id's last
   * digit.
   */
  @Reducer
  public static void fill(ReducerContext ctx, long from, int count, int size) {
    for (long id = from; id < from + count; id++) {
      ctx.table(Blob.class).insert(new Blob(id, String.valueOf(id % 10).repeat(size)));
    }
  }

  /** Every row. */
  @Query
  public static List<Blob> all(QueryContext ctx) {
    return ctx.table(Blob.class).scan().toList();
  }
}
