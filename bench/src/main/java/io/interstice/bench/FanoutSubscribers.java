package io.interstice.bench;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The subscriber modules of {@link FanoutBench}: {@code sub01} to {@code sub16}, each subscribed to
 * {@code feed.posts.insert} and recording, per post, how long after the post's commit its own
 * delivery transaction ran ({@code delays}: {@code post_id}, {@code delay_micros}). A Java module's
 * name is fixed by its annotation, hence one small class per subscriber; they share the row types
 * and {@link #record}.
 */
public final class FanoutSubscribers {
  /** The subscription every subscriber has. */
  static final String POSTS_INSERT = FanoutFeed.MODULE + "." + FanoutFeed.TABLE + ".insert";

  static final String TABLE = "delays";

  /** Every subscriber module class, in name order. */
  static final List<Class<?>> MODULES =
      List.of(
          Sub01.class,
          Sub02.class,
          Sub03.class,
          Sub04.class,
          Sub05.class,
          Sub06.class,
          Sub07.class,
          Sub08.class,
          Sub09.class,
          Sub10.class,
          Sub11.class,
          Sub12.class,
          Sub13.class,
          Sub14.class,
          Sub15.class,
          Sub16.class);

  private FanoutSubscribers() {}

  /** The columns of {@code feed.posts}, as the subscription delivers them. */
  public record PostRow(long id, String text, long sentAt) {}

  /**
   * The delay of one post: its delivery transaction's timestamp minus the post's, in microseconds
   * (both from the node's transaction clock). Its primary key makes a second delivery of the same
   * post fail, so a duplicate cannot go unnoticed.
   */
  @Table(name = TABLE)
  public record Delay(@PrimaryKey long postId, long delayMicros) {}

  /** The name of subscriber {@code index} (1-based): {@code sub01}, {@code sub02}, … */
  static String name(int index) {
    return String.format(Locale.ROOT, "sub%02d", index);
  }

  static long micros(Instant timestamp) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, timestamp);
  }

  private static void record(ReducerContext ctx, PostRow post) {
    ctx.table(Delay.class).insert(new Delay(post.id(), micros(ctx.timestamp()) - post.sentAt()));
  }

  @Module(name = "sub01", tables = Delay.class)
  public static final class Sub01 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub02", tables = Delay.class)
  public static final class Sub02 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub03", tables = Delay.class)
  public static final class Sub03 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub04", tables = Delay.class)
  public static final class Sub04 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub05", tables = Delay.class)
  public static final class Sub05 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub06", tables = Delay.class)
  public static final class Sub06 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub07", tables = Delay.class)
  public static final class Sub07 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub08", tables = Delay.class)
  public static final class Sub08 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub09", tables = Delay.class)
  public static final class Sub09 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub10", tables = Delay.class)
  public static final class Sub10 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub11", tables = Delay.class)
  public static final class Sub11 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub12", tables = Delay.class)
  public static final class Sub12 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub13", tables = Delay.class)
  public static final class Sub13 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub14", tables = Delay.class)
  public static final class Sub14 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub15", tables = Delay.class)
  public static final class Sub15 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }

  @Module(name = "sub16", tables = Delay.class)
  public static final class Sub16 {
    @Subscribe(POSTS_INSERT)
    public static void onPost(ReducerContext ctx, PostRow post) {
      record(ctx, post);
    }
  }
}
