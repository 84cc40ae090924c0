package io.interstice.cli.schema;

import io.interstice.sdk.schema.ColumnSchema;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.schema.Visibility;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a module's whole schema reads as text, private parts included. Stateless. */
final class SchemaText {
  private SchemaText() {}

  static void print(ModuleSchema schema, PrintWriter out) {
    out.printf(
        "module %s  version %d  %s%n", schema.name(), schema.version(), lower(schema.visibility()));
    out.println("tables:");
    for (var table : schema.tables()) {
      out.println("  " + table.name() + "(" + columns(table) + ")" + tableFlags(table));
      for (var index : table.indexes()) {
        out.println("    index " + index(table, index));
      }
    }
    out.println("reducers:");
    for (var reducer : schema.reducers()) {
      var flags = new StringBuilder();
      if (reducer.visibility() == Visibility.PRIVATE) {
        flags.append("  private");
      }
      if (reducer.lifecycle() != Lifecycle.NONE) {
        flags.append("  lifecycle ").append(lower(reducer.lifecycle()));
      }
      out.println("  " + reducer.name() + "(" + params(reducer.params()) + ")" + flags);
    }
    out.println("queries:");
    for (var query : schema.queries()) {
      out.println(
          "  " + query.name() + "(" + params(query.params()) + ") -> " + query.resultType());
    }
    out.println("subscriptions:");
    for (var subscription : schema.subscriptions()) {
      out.println("  " + subscription.pattern() + " -> " + subscription.reducer());
    }
  }

  private static String tableFlags(TableSchema table) {
    var flags = new StringBuilder();
    if (table.persistence() == Persistence.EPHEMERAL) {
      flags.append("  ephemeral");
    }
    if (table.visibility() == Visibility.PRIVATE) {
      flags.append("  private");
    }
    return flags.toString();
  }

  private static String columns(TableSchema table) {
    var text = new StringBuilder();
    for (int i = 0; i < table.columns().size(); i++) {
      var column = table.columns().get(i);
      if (i > 0) {
        text.append(", ");
      }
      text.append(column.name()).append(' ').append(column.type());
      if (i == table.primaryKey()) {
        text.append(" primary key").append(table.autoIncrement() ? " auto-increment" : "");
      }
      if (column.hasDefault()) {
        text.append(" default ").append(defaultText(column));
      }
    }
    return text.toString();
  }

  static String defaultText(ColumnSchema column) {
    return io.interstice.sdk.json.ValueJson.toJson(column.type(), column.defaultValue()).toString();
  }

  static List<String> indexColumns(TableSchema table, IndexSchema index) {
    return index.columns().stream()
        .map(position -> table.columns().get(position).name())
        .collect(Collectors.toList());
  }

  private static String index(TableSchema table, IndexSchema index) {
    return index.name()
        + " ("
        + String.join(", ", indexColumns(table, index))
        + ") "
        + lower(index.kind())
        + (index.unique() ? " unique" : "");
  }

  private static String params(List<ParamSchema> params) {
    return params.stream().map(p -> p.name() + " " + p.type()).collect(Collectors.joining(", "));
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
