package io.interstice.runtime.testmodules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.Table;

/** A Java module that answers with megabytes of text and calls names no module can have. */
@Module(
    name = "grumbler",
    tables = {Grumbler.Note.class})
public final class Grumbler {
  private Grumbler() {}

  @Table(name = "notes")
  public record Note(@PrimaryKey(autoIncrement = true) long id, String text) {}

  @Reducer
  public static void add(ReducerContext ctx, String text) {
    ctx.table(Note.class).insert(new Note(0, text));
  }

  @Reducer
  public static void refuse(ReducerContext ctx, long size) {
    throw new ReducerException("x".repeat((int) size));
  }

  @Reducer
  public static void crash(ReducerContext ctx, long size) {
    throw new IllegalStateException("y".repeat((int) size));
  }

  @Reducer
  public static void shout(ReducerContext ctx, long lines, long size) {
    var line = "z".repeat((int) size);
    for (long i = 0; i < lines; i++) {
      ctx.log(line);
    }
    ctx.table(Note.class).insert(new Note(0, "shouted"));
  }

  @Reducer
  public static void call(ReducerContext ctx, String module) {
    ctx.call(ReducerRef.withoutArgs(module, "go"), null);
    ctx.table(Note.class).insert(new Note(0, "called"));
  }

  @Query
  public static long count(QueryContext ctx) {
    return ctx.table(Note.class).scan().count();
  }
}
