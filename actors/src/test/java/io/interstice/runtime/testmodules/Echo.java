package io.interstice.runtime.testmodules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;

/**
 * Subscribes to its own table and inserts into it again: an endless cycle the runtime must stop.
 */
@Module(
    name = "echo",
    tables = {Echo.Shout.class})
public final class Echo {
  private Echo() {}

  @Table(name = "shouts")
  public record Shout(@PrimaryKey(autoIncrement = true) long id, long generation) {}

  @Reducer
  public static void shout(ReducerContext ctx) {
    ctx.table(Shout.class).insert(new Shout(0, 0));
  }

  @Subscribe("echo.shouts.insert")
  public static void echo(ReducerContext ctx, Shout shout) {
    ctx.table(Shout.class).insert(new Shout(0, shout.generation() + 1));
  }

  @Query
  public static long count(QueryContext ctx) {
    return ctx.table(Shout.class).count();
  }
}
