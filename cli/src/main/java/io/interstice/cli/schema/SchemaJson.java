package io.interstice.cli.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.CompatibilityReport;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ParamSchema;
import java.util.List;

/**
 * The JSON forms of a whole module schema (private parts included) and of a compatibility report,
 * as the schema tools print them. Stateless.
 */
public final class SchemaJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SchemaJson() {}

  static ObjectNode schema(ModuleSchema schema) {
    var json =
        JSON.objectNode()
            .put("name", schema.name())
            .put("version", schema.version())
            .put("visibility", SchemaText.lower(schema.visibility()));
    var tables = json.putArray("tables");
    for (var table : schema.tables()) {
      var t =
          tables
              .addObject()
              .put("name", table.name())
              .put("primaryKey", table.primaryKeyColumn().name())
              .put("autoIncrement", table.autoIncrement())
              .put("persistence", SchemaText.lower(table.persistence()))
              .put("visibility", SchemaText.lower(table.visibility()));
      var columns = t.putArray("columns");
      for (var column : table.columns()) {
        var c =
            columns.addObject().put("name", column.name()).put("type", column.type().toString());
        if (column.hasDefault()) {
          c.set("default", ValueJson.toJson(column.type(), column.defaultValue()));
        }
      }
      var indexes = t.putArray("indexes");
      for (var index : table.indexes()) {
        var i = indexes.addObject().put("name", index.name());
        var names = i.putArray("columns");
        SchemaText.indexColumns(table, index).forEach(names::add);
        i.put("kind", SchemaText.lower(index.kind())).put("unique", index.unique());
      }
    }
    var reducers = json.putArray("reducers");
    for (var reducer : schema.reducers()) {
      var r = reducers.addObject().put("name", reducer.name());
      params(r.putArray("params"), reducer.params());
      r.put("visibility", SchemaText.lower(reducer.visibility()))
          .put("lifecycle", SchemaText.lower(reducer.lifecycle()));
    }
    var queries = json.putArray("queries");
    for (var query : schema.queries()) {
      var q = queries.addObject().put("name", query.name());
      params(q.putArray("params"), query.params());
      q.put("result", query.resultType().toString());
    }
    var subscriptions = json.putArray("subscriptions");
    for (var subscription : schema.subscriptions()) {
      subscriptions
          .addObject()
          .put("pattern", subscription.pattern())
          .put("reducer", subscription.reducer());
    }
    return json;
  }

  private static void params(ArrayNode array, List<ParamSchema> params) {
    for (var param : params) {
      array.addObject().put("name", param.name()).put("type", param.type().toString());
    }
  }

  /** The verdict and every change with its kind and severity, in the order found. */
  public static ObjectNode report(CompatibilityReport report) {
    var json =
        JSON.objectNode()
            .put("module", report.module())
            .put("fromVersion", report.fromVersion())
            .put("toVersion", report.toVersion())
            .put("compatible", report.compatible())
            .put("accepted", report.accepted())
            .put("breaking", !report.breaking().isEmpty());
    report.upgradeReducer().ifPresent(reducer -> json.put("upgradeReducer", reducer));
    var changes = json.putArray("changes");
    for (var change : report.changes()) {
      changes
          .addObject()
          .put("kind", SchemaText.lower(change.kind()))
          .put("severity", change.severity().label())
          .put("message", change.message());
    }
    return json;
  }
}
