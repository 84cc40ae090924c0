package io.interstice.runtime.testmodules;

import io.interstice.sdk.Index;
import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Table;

/**
 * A test module that checks the order of calls: each stream's entries must arrive numbered 1, 2, 3,
 * …, or the reducer refuses them.
 */
@Module(
    name = "ledger",
    tables = {Ledger.Entry.class})
public final class Ledger {
  private Ledger() {}

  /** One accepted entry. */
  @Table(name = "entries")
  public record Entry(@PrimaryKey(autoIncrement = true) long id, @Index String stream, long seq) {}

  /** Appends entry {@code seq} to {@code stream}; refused unless it follows the last one. */
  @Reducer
  public static void append(ReducerContext ctx, String stream, long seq) {
    var entries = ctx.table(Entry.class);
    long last = entries.findAll("stream", stream).stream().mapToLong(Entry::seq).max().orElse(0);
    if (seq != last + 1) {
      throw new ReducerException(stream + ": expected entry " + (last + 1) + ", got " + seq);
    }
    entries.insert(new Entry(0, stream, seq));
  }

  /** Always refused, after writing. */
  @Reducer
  public static void refuse(ReducerContext ctx, String stream) {
    ctx.table(Entry.class).insert(new Entry(0, stream, -1));
    throw new ReducerException("refused " + stream);
  }

  @Query
  public static long last(QueryContext ctx, String stream) {
    return ctx.table(Entry.class).findAll("stream", stream).stream()
        .mapToLong(Entry::seq)
        .max()
        .orElse(0);
  }
}
