package io.interstice.examples.chat;

import io.interstice.sdk.Module;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The chat example module: users register a name, then post messages to channels, which anyone can
 * read back with {@link #recent}. Every refusal (malformed or taken name, unknown sender, blank
 * channel, text too long, …) is a {@link ReducerException} whose message says which rule was
 * broken. Lengths count characters (Unicode code points), not bytes.
 */
@Module(
    name = "chat",
    tables = {User.class, Message.class})
public final class Chat {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final int MAX_CHANNEL_LENGTH = 64;
  private static final int MAX_TEXT_LENGTH = 1000;
  private static final int MAX_RECENT = 100;

  private Chat() {}

  /** Registers the user {@code name}: 1 to 32 characters of a-z, 0-9, '_' and '-', not taken. */
  @Reducer
  public static void register(ReducerContext ctx, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ReducerException(
          "name must be 1 to 32 characters of a-z, 0-9, '_' and '-', got \"" + name + "\"");
    }
    var users = ctx.table(User.class);
    if (users.get(name).isPresent()) {
      throw new ReducerException("name " + name + " is taken");
    }
    users.insert(new User(name, micros(ctx.timestamp())));
  }

  /** Posts {@code text} by the registered user {@code sender} to {@code channel}. */
  @Reducer
  public static void post(ReducerContext ctx, String sender, String channel, String text) {
    if (channel.isBlank()) {
      throw new ReducerException("channel must not be blank");
    }
    int channelLength = length(channel);
    if (channelLength > MAX_CHANNEL_LENGTH) {
      throw new ReducerException(
          "channel name has " + channelLength + " characters, at most " + MAX_CHANNEL_LENGTH);
    }
    int textLength = length(text);
    if (textLength == 0) {
      throw new ReducerException("text must not be empty");
    }
    if (textLength > MAX_TEXT_LENGTH) {
      throw new ReducerException(
          "text has " + textLength + " characters, at most " + MAX_TEXT_LENGTH);
    }
    if (ctx.table(User.class).get(sender).isEmpty()) {
      throw new ReducerException("unknown sender " + sender + ": register the name first");
    }
    ctx.table(Message.class).insert(new Message(0, channel, sender, text, micros(ctx.timestamp())));
  }

  /** The newest {@code limit} (1 to 100) messages of {@code channel}, oldest first. */
  @Query
  public static List<Message> recent(QueryContext ctx, String channel, int limit) {
    if (limit < 1 || limit > MAX_RECENT) {
      throw new ReducerException("limit must be 1 to " + MAX_RECENT + ", got " + limit);
    }
    // findAll gives primary key order, and ids grow in posting order.
    var messages = ctx.table(Message.class).findAll("channel", channel);
    return messages.subList(Math.max(0, messages.size() - limit), messages.size());
  }

  private static long micros(Instant timestamp) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, timestamp);
  }

  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}
