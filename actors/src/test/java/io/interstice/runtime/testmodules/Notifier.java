package io.interstice.runtime.testmodules;

import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;
import java.util.concurrent.atomic.AtomicLong;

/** Subscribes to the chat example's messages and keeps one notification per message. */
@Module(
    name = "notifier",
    tables = {Notifier.Notification.class})
public final class Notifier {
  /** Runs of {@link #onMessage} in this JVM. */
  public static final AtomicLong RUNS = new AtomicLong();

  private Notifier() {}

  /** The columns of chat's messages table, as the subscription delivers them. */
  public record ChatMessage(long id, String channel, String sender, String text, long sentAt) {}

  @Table(name = "notifications")
  public record Notification(@PrimaryKey long messageId, String text) {}

  @Subscribe("chat.messages.insert")
  public static void onMessage(ReducerContext ctx, ChatMessage message) {
    RUNS.incrementAndGet();
    // A duplicate delivery would break the primary key: exactly once is checked by the table.
    ctx.table(Notification.class)
        .insert(new Notification(message.id(), message.sender() + ": " + message.text()));
  }

  @Query
  public static long count(QueryContext ctx) {
    return ctx.table(Notification.class).count();
  }
}
