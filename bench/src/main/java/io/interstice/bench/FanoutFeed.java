package io.interstice.bench;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Table;

/**
 * The producer module of {@link FanoutBench}: {@code post(text)} inserts a row into {@code posts}
 * stamped with its transaction's time, which every subscriber of {@code feed.posts.insert} then
 * receives.
 */
@Module(
    name = FanoutFeed.MODULE,
    tables = {FanoutFeed.Post.class})
public final class FanoutFeed {
  static final String MODULE = "feed";
  static final String TABLE = "posts";

  private FanoutFeed() {}

  /** A post; {@code sentAt} is the posting transaction's timestamp in microseconds. */
  @Table(name = TABLE)
  public record Post(@PrimaryKey(autoIncrement = true) long id, String text, long sentAt) {}

  @Reducer
  public static void post(ReducerContext ctx, String text) {
    ctx.table(Post.class).insert(new Post(0, text, FanoutSubscribers.micros(ctx.timestamp())));
  }
}
