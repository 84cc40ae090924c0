package io.interstice.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.ClusterInfo;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.QueryResult;
import io.interstice.runtime.RowPage;
import io.interstice.runtime.TxReceipt;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.schema.Visibility;
import java.util.List;

/**
 * The JSON bodies of the HTTP API's answers. A module is described as clients may use it: only its
 * public tables, reducers and queries (private ones do not exist from outside). Values are written
 * as {@link ValueJson} maps them. Stateless and thread-safe.
 */
final class ApiJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ApiJson() {}

  /**
   * {@code {"name", "version", "engine", "problem", "lastTx", "recovery": {...}, "schema": {...}}}.
   */
  static ObjectNode module(ModuleInfo info) {
    var node = NODES.objectNode();
    node.put("name", info.name());
    node.put("version", info.version());
    node.put("code", info.code());
    node.put("engine", info.engine());
    node.put("problem", info.problem());
    node.put("lastTx", info.lastTxId());
    var recovery = info.recovery();
    if (recovery != null) {
      node.putObject("recovery")
          .put("transactions", recovery.recoveredTransactions())
          .put("replayedEvents", recovery.replayedEvents())
          .put("snapshotSequenceNr", recovery.snapshotSequenceNr())
          .put("millis", recovery.millis());
    }
    var history = node.putArray("history");
    for (var installation : info.history()) {
      history
          .addObject()
          .put("kind", installation.kind().name().toLowerCase(java.util.Locale.ROOT))
          .put("version", installation.version())
          .put("code", installation.code())
          .put("at", micros(installation.timestampMicros()));
    }
    node.set("schema", schema(info.schema()));
    return node;
  }

  /** A transaction time (µs since the epoch) as ISO-8601 UTC text. */
  private static String micros(long micros) {
    return java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS).toString();
  }

  static ObjectNode schema(ModuleSchema schema) {
    var node = NODES.objectNode();
    var tables = node.putArray("tables");
    for (var table : schema.tables()) {
      if (table.visibility() == Visibility.PUBLIC) {
        tables.add(table(table));
      }
    }
    var reducers = node.putArray("reducers");
    for (var reducer : schema.reducers()) {
      if (reducer.visibility() == Visibility.PUBLIC && reducer.lifecycle() == Lifecycle.NONE) {
        reducers.addObject().put("name", reducer.name()).set("params", params(reducer.params()));
      }
    }
    var queries = node.putArray("queries");
    for (var query : schema.queries()) {
      var q = queries.addObject().put("name", query.name());
      q.set("params", params(query.params()));
      q.put("result", query.resultType().toString());
    }
    var subscriptions = node.putArray("subscriptions");
    for (var subscription : schema.subscriptions()) {
      subscriptions
          .addObject()
          .put(
              "on",
              subscription.module()
                  + "."
                  + subscription.table()
                  + "."
                  + subscription.event().patternName())
          .put("reducer", subscription.reducer());
    }
    return node;
  }

  private static ObjectNode table(TableSchema table) {
    var node = NODES.objectNode().put("name", table.name());
    var columns = node.putArray("columns");
    for (var column : table.columns()) {
      columns.addObject().put("name", column.name()).put("type", column.type().toString());
    }
    node.put("primaryKey", table.primaryKeyColumn().name());
    node.put("autoIncrement", table.autoIncrement());
    var indexes = node.putArray("indexes");
    for (var index : table.indexes()) {
      var i = indexes.addObject().put("name", index.name());
      var names = i.putArray("columns");
      for (int column : index.columns()) {
        names.add(table.columns().get(column).name());
      }
      i.put("kind", index.kind().name().toLowerCase(java.util.Locale.ROOT));
      i.put("unique", index.unique());
    }
    return node;
  }

  private static ArrayNode params(List<ParamSchema> params) {
    var array = NODES.arrayNode();
    for (var param : params) {
      array.addObject().put("name", param.name()).put("type", param.type().toString());
    }
    return array;
  }

  /** {@code {"tx": <id>, "result": null}}: reducers return nothing but their transaction. */
  static ObjectNode committed(TxReceipt receipt) {
    var node = NODES.objectNode().put("tx", receipt.txId());
    node.putNull("result");
    return node;
  }

  static ObjectNode answered(QueryResult result) {
    var node = NODES.objectNode();
    node.set("result", ValueJson.toJson(result.type(), result.value()));
    return node;
  }

  /**
   * {@code {"rows": [{column: value, ...}], "next": <key of the last row> | null}}: {@code next} is
   * what the following page's {@code after} is, null on the last page.
   */
  static ObjectNode rows(RowPage page) {
    var table = page.table();
    var node = NODES.objectNode();
    var rows = node.putArray("rows");
    for (var row : page.rows()) {
      rows.add(ValueJson.rowToJson(table, row));
    }
    if (page.more() && !page.rows().isEmpty()) {
      var last = page.rows().get(page.rows().size() - 1);
      node.set("next", ValueJson.toJson(table.primaryKeyColumn().type(), last[table.primaryKey()]));
    } else {
      node.putNull("next");
    }
    return node;
  }

  /**
   * {@code {"node", "address", "leader", "members": [{"address", "status", "roles", "up",
   * "reachable", "self"}], "shards", "modules": [name, ...], "moduleCount", "unansweredShards"}}.
   */
  static ObjectNode cluster(ClusterInfo info) {
    var node = NODES.objectNode();
    node.put("node", info.node());
    node.put("address", info.address());
    node.put("leader", info.leader());
    var members = node.putArray("members");
    for (var member : info.members()) {
      var m = members.addObject().put("address", member.address()).put("status", member.status());
      var roles = m.putArray("roles");
      member.roles().forEach(roles::add);
      m.put("up", member.up()).put("reachable", member.reachable()).put("self", member.self());
    }
    node.put("shards", info.shards());
    var modules = node.putArray("modules");
    info.modules().forEach(modules::add);
    node.put("moduleCount", info.modules().size());
    node.put("unansweredShards", info.unansweredShards());
    return node;
  }
}
