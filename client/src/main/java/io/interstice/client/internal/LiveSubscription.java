package io.interstice.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClientException;
import io.interstice.client.Subscription;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscription over the WebSocket {@code GET /v1/modules/{m}/subscribe?tables=a,b}: reads its
 * {@code rows}, {@code commit} and {@code ended} messages into calls of a {@link
 * Subscription.Listener}, and pings the node while it is quiet so its idle timeout does not close
 * the socket.
 *
 * <p>Thread-safe: the JDK calls the listener methods one at a time; {@code finished} makes sure the
 * listener hears at most one end and nothing after {@link #close}.
 */
public final class LiveSubscription extends TextListener implements Subscription {
  private final Listener listener;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile WebSocket socket;
  private volatile ScheduledFuture<?> keepAlive;

  private LiveSubscription(Listener listener) {
    this.listener = listener;
  }

  /** Opens the subscription, waiting until the node accepted it; the listener hears the rest. */
  public static Subscription open(
      Transport transport,
      ScheduledExecutorService timer,
      String module,
      Set<String> tables,
      Listener listener) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("name at least one table to subscribe to");
    }
    var path =
        "/v1/modules/"
            + Transport.segment(module)
            + "/subscribe?tables="
            + Transport.parameter(String.join(",", tables));
    var subscription = new LiveSubscription(listener);
    try {
      subscription.socket = Sockets.open(transport, path, subscription).join();
    } catch (CompletionException e) {
      var cause = Sockets.unwrap(e);
      throw cause instanceof RuntimeException
          ? (RuntimeException) cause
          : new IntersticeClientException(ErrorKind.CONNECTION, cause.getMessage(), cause);
    }
    long every = transport.settings().keepAlive().toMillis();
    if (every > 0) {
      subscription.keepAlive =
          timer.scheduleAtFixedRate(subscription::ping, every, every, TimeUnit.MILLISECONDS);
      if (subscription.finished.get()) {
        subscription.keepAlive.cancel(false); // it ended before its pings were scheduled
      }
    }
    return subscription;
  }

  private void ping() {
    var ws = socket;
    if (ws != null && !finished.get()) {
      ws.sendPing(ByteBuffer.allocate(0));
    }
  }

  @Override
  public void close() {
    if (finish()) {
      var ws = socket;
      if (ws != null) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "unsubscribed").whenComplete((w, f) -> ws.abort());
      }
    }
  }

  @Override
  void message(String text) {
    if (finished.get()) {
      return;
    }
    JsonNode message;
    try {
      message = Transport.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      fail(
          new IntersticeClientException(
              ErrorKind.PROTOCOL, "subscription message is not JSON: " + Transport.cut(text), e));
      return;
    }
    switch (message.path("type").asText()) {
      case "rows":
        listener.onRows(message.path("tx").asLong(), tables(message.path("tables")));
        break;
      case "commit":
        Commit commit;
        try {
          commit = commit(message);
        } catch (IllegalArgumentException e) {
          fail(
              new IntersticeClientException(
                  ErrorKind.PROTOCOL, "unreadable commit message: " + Transport.cut(text), e));
          return;
        }
        listener.onCommit(commit);
        break;
      case "ended":
        if (finish()) {
          listener.onEnded(message.path("reason").asText("the module stopped"));
        }
        break;
      default:
        // A message type this client does not know yet: newer nodes may send more.
        break;
    }
  }

  @Override
  void closed(int status, String reason) {
    if (finish()) {
      listener.onEnded(
          "the node closed the subscription ("
              + status
              + (reason.isEmpty() ? "" : " " + reason)
              + ")");
    }
  }

  @Override
  void failed(Throwable error) {
    fail(
        new IntersticeClientException(
            ErrorKind.CONNECTION, "subscription lost: " + Transport.reason(error), error));
  }

  private void fail(IntersticeClientException error) {
    if (finish()) {
      listener.onError(error);
      var ws = socket;
      if (ws != null) {
        ws.abort();
      }
    }
  }

  /** Marks the subscription finished; true for the one caller that did. */
  private boolean finish() {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    var ping = keepAlive;
    if (ping != null) {
      ping.cancel(false);
    }
    return true;
  }

  private static Map<String, List<JsonNode>> tables(JsonNode tables) {
    var result = new LinkedHashMap<String, List<JsonNode>>();
    tables
        .fields()
        .forEachRemaining(
            table -> {
              var rows = new ArrayList<JsonNode>();
              table.getValue().forEach(rows::add);
              result.put(table.getKey(), List.copyOf(rows));
            });
    return result;
  }

  private static Commit commit(JsonNode message) {
    var changes = new ArrayList<Change>();
    for (var change : message.path("changes")) {
      changes.add(
          new Change(
              change.path("table").asText(),
              Op.valueOf(change.path("op").asText().toUpperCase(Locale.ROOT)),
              row(change.get("old")),
              row(change.get("new"))));
    }
    return new Commit(message.path("tx").asLong(), changes);
  }

  private static JsonNode row(JsonNode row) {
    return row == null || row.isNull() ? null : row;
  }
}
