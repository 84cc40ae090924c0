package io.interstice.sdk.internal.sample;

import io.interstice.sdk.Module;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.schema.Visibility;
import java.util.List;
import java.util.Optional;

/**
 * A sample module using every supported type, with instance methods (bound to one instance made by
 * the no-argument constructor).
 */
@Module(
    name = "everything",
    version = 3,
    visibility = Visibility.PRIVATE,
    tables = {Item.class})
public final class Everything {
  private final String greeting = "hello";

  @Reducer
  public void store(ReducerContext ctx, Item item) {
    ctx.table(Item.class).insert(item);
    ctx.log(greeting + " " + item.code());
  }

  @Reducer
  public void tag(ReducerContext ctx, List<Shape> shapes, Optional<byte[]> blob, double factor) {
    ctx.log(greeting + " " + shapes + " " + blob.map(b -> b.length).orElse(-1) + " " + factor);
  }

  @Query
  public List<Item.Dimensions> dimensions(QueryContext ctx, Shape shape) {
    return ctx.table(Item.class).findAll("by_shape", shape).stream().map(Item::dimensions).toList();
  }

  @Query
  public String nothing(QueryContext ctx) {
    return null;
  }
}
