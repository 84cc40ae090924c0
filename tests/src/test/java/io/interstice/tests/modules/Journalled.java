package io.interstice.tests.modules;

import io.interstice.sdk.Index;
import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Table;
import java.time.Instant;

/**
 * The module of the module crash test: numbered streams of entries. {@link #append} accepts entry
 * {@code seq} of a stream only right after entry {@code seq - 1}, and writes two tables in one
 * transaction (the entry and the stream's head), so a recovered state with a hole in a stream, or a
 * head that disagrees with the entries, shows a transaction lost or kept in part.
 */
@Module(
    name = "journalled",
    tables = {Journalled.Entry.class, Journalled.Head.class})
public final class Journalled {
  private Journalled() {}

  /** One accepted entry, with the timestamp (µs) of the transaction that wrote it. */
  @Table(name = "entries")
  public record Entry(
      @PrimaryKey(autoIncrement = true) long id, @Index String stream, long seq, long micros) {}

  /** The last entry of a stream. */
  @Table(name = "heads")
  public record Head(@PrimaryKey String stream, long last) {}

  /** Appends entry {@code seq} to {@code stream}; refused unless it follows the stream's last. */
  @Reducer
  public static void append(ReducerContext ctx, String stream, long seq) {
    var heads = ctx.table(Head.class);
    var head = heads.get(stream);
    long last = head.map(Head::last).orElse(0L);
    if (seq != last + 1) {
      throw new ReducerException(stream + ": expected entry " + (last + 1) + ", got " + seq);
    }
    ctx.table(Entry.class).insert(new Entry(0, stream, seq, micros(ctx.timestamp())));
    if (head.isPresent()) {
      heads.update(new Head(stream, seq));
    } else {
      heads.insert(new Head(stream, seq));
    }
  }

  /** The last entry of {@code stream}, 0 when it has none. */
  @Query
  public static long last(QueryContext ctx, String stream) {
    return ctx.table(Head.class).get(stream).map(Head::last).orElse(0L);
  }

  /** Microseconds since the epoch, the unit of transaction timestamps in the log. */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }
}
