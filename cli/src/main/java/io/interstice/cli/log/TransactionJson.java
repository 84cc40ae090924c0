package io.interstice.cli.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.ModuleSchema;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A logged transaction as readable data: its reducer's arguments and every row it changed decoded
 * with the module's schema in force at that point of the log, as JSON objects of column names (the
 * HTTP API's encoding of values). Bytes that do not decode with that schema, or a transaction whose
 * schema is unknown (its deploy is no longer in the log and no snapshot tells it), are shown as hex
 * with the reason. Stateless.
 */
final class TransactionJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private TransactionJson() {}

  /** The time of a transaction stamped in microseconds since the epoch. */
  static Instant time(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /**
   * {@code {"module", "seq", "txId", "time", "reducer", "args", "trigger", "error"?, "changes":
   * [{"op", "table", "old"?, "row"}], "messages", "schedules", "cancelled"}}; only the changes
   * {@code shown} admits are listed.
   */
  static ObjectNode of(
      String module, long seq, TxCommitted tx, ModuleSchema schema, Predicate<LoggedChange> shown) {
    var json =
        JSON.objectNode()
            .put("module", module)
            .put("seq", seq)
            .put("txId", tx.txId())
            .put("time", time(tx.timestampMicros()).toString())
            .put("reducer", tx.reducer());
    json.set("args", args(schema, tx));
    TransactionSummary.addTrigger(json.putObject("trigger"), tx.trigger());
    if (tx.error() != null) {
      json.put("error", tx.error());
    }
    var changes = json.putArray("changes");
    for (var change : tx.changes()) {
      if (!shown.test(change)) {
        continue;
      }
      var c = changes.addObject().put("op", change.kind().name().toLowerCase(Locale.ROOT));
      c.put("table", change.table());
      if (change.oldRow() != null) {
        c.set("old", row(schema, change.table(), change.oldRow()));
      }
      c.set("row", row(schema, change.table(), change.row()));
    }
    json.put("messages", tx.outbox().size())
        .put("schedules", tx.scheduled().size())
        .put("cancelled", tx.cancelled().size());
    return json;
  }

  private static JsonNode args(ModuleSchema schema, TxCommitted tx) {
    var reducer = schema == null ? null : schema.reducer(tx.reducer()).orElse(null);
    if (reducer == null) {
      return undecoded(tx.args(), schema == null ? "schema unknown" : "no such reducer");
    }
    try {
      return ValueJson.writeArgs(
          reducer.params(), RowCodec.decodeValues(reducer.paramTypes(), tx.args()));
    } catch (RuntimeException e) {
      return undecoded(tx.args(), e.getMessage());
    }
  }

  private static JsonNode row(ModuleSchema schema, String tableName, byte[] bytes) {
    var table = schema == null ? null : schema.table(tableName).orElse(null);
    if (table == null) {
      return undecoded(bytes, schema == null ? "schema unknown" : "no such table");
    }
    try {
      return ValueJson.rowToJson(table, RowCodec.decodeRow(table, bytes));
    } catch (RuntimeException e) {
      return undecoded(bytes, e.getMessage());
    }
  }

  private static JsonNode undecoded(byte[] bytes, String why) {
    return JSON.objectNode().put("hex", HexFormat.of().formatHex(bytes)).put("undecoded", why);
  }
}
