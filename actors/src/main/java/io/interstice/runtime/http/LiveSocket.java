package io.interstice.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.node.LiveSubscription;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The WebSocket of {@code GET /v1/modules/{m}/subscribe?tables=a,b}: one JSON text message with the
 * current rows of the named tables, then one per durable transaction that changed them, in commit
 * order:
 *
 * <pre>
 * {"type": "rows", "tx": 7, "tables": {"accounts": [{"id": 1, ...}, ...]}}
 * {"type": "commit", "tx": 8, "changes": [{"table": "accounts", "op": "update",
 *                                          "old": {...}, "new": {...}}]}
 * {"type": "ended", "reason": "..."}                (the module stopped; the socket closes)
 * </pre>
 *
 * Messages wait in a buffer of {@code interstice.http.websocket.max-buffered} for a slow client; a
 * client that lets it fill is disconnected, so a reader that never reads costs the node that buffer
 * only. What the client sends is ignored. Thread-safe: the listener is called one update at a time.
 */
final class LiveSocket {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveSocket() {}

  /** The flow of one subscriber's socket; subscribes when the socket opens, ends with it. */
  static Flow<Message, Message, NotUsed> flow(
      IntersticeNode node, String module, ModuleSchema schema, Set<String> tables, int buffer) {
    Source<Message, CompletionStage<LiveSubscription>> subscribed =
        Source.<Message>queue(buffer)
            .mapMaterializedValue(
                queue -> {
                  var subscription =
                      node.subscribeAsync(module, tables, update -> offer(queue, schema, update));
                  closeWhenDone(queue, subscription);
                  return subscription;
                });
    Source<Message, NotUsed> out =
        subscribed.watchTermination(
            (subscription, done) -> {
              // The socket closed (or failed): the module stops sending to it.
              done.whenComplete((ok, error) -> subscription.thenAccept(LiveSubscription::close));
              return NotUsed.getInstance();
            });
    return Flow.fromSinkAndSourceCoupled(Sink.<Message>ignore(), out);
  }

  private static void closeWhenDone(
      BoundedSourceQueue<Message> queue, CompletionStage<LiveSubscription> subscription) {
    subscription.whenComplete(
        (live, failure) -> {
          if (failure != null) {
            queue.fail(failure);
          }
        });
  }

  private static void offer(BoundedSourceQueue<Message> queue, ModuleSchema schema, LiveUpdate u) {
    ObjectNode message;
    try {
      message = render(schema, u);
    } catch (RuntimeException e) {
      message = JSON.createObjectNode().put("type", "ended").put("reason", e.getMessage());
      u = new LiveUpdate.Ended("", e.getMessage());
    }
    String text;
    try {
      text = JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      queue.fail(e);
      return;
    }
    var result = queue.offer(TextMessage.create(text));
    if (result != QueueOfferResult.enqueued()) {
      queue.fail(new IllegalStateException("subscriber does not read: its buffer is full"));
      return;
    }
    if (u instanceof LiveUpdate.Ended) {
      queue.complete();
    }
  }

  private static ObjectNode render(ModuleSchema schema, LiveUpdate update) {
    var node = JSON.createObjectNode();
    if (update instanceof LiveUpdate.Current current) {
      node.put("type", "rows").put("tx", current.txId());
      var tables = node.putObject("tables");
      for (Map.Entry<String, java.util.List<Object[]>> entry : current.rows().entrySet()) {
        var table = table(schema, entry.getKey());
        var rows = tables.putArray(entry.getKey());
        entry.getValue().forEach(row -> rows.add(ValueJson.rowToJson(table, row)));
      }
    } else if (update instanceof LiveUpdate.Committed committed) {
      node.put("type", "commit").put("tx", committed.txId());
      var changes = node.putArray("changes");
      for (var change : committed.changes()) {
        var table = table(schema, change.table());
        var c = changes.addObject().put("table", change.table());
        c.put("op", change.kind().name().toLowerCase(java.util.Locale.ROOT));
        c.set("old", change.oldRow() == null ? null : ValueJson.rowToJson(table, change.oldRow()));
        c.set("new", change.newRow() == null ? null : ValueJson.rowToJson(table, change.newRow()));
      }
    } else {
      node.put("type", "ended").put("reason", ((LiveUpdate.Ended) update).reason());
    }
    return node;
  }

  private static TableSchema table(ModuleSchema schema, String name) {
    return schema
        .table(name)
        .orElseThrow(() -> new IllegalStateException("table " + name + " left the schema"));
  }
}
