package io.interstice.cli.client;

import io.interstice.client.ModuleDescription;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** How module descriptions read as text: one line per module, or the whole schema. */
final class ModuleText {
  private ModuleText() {}

  /** {@code bank version 1 java last tx 3}, and the problem if it cannot run. */
  static String summary(ModuleDescription module) {
    return module.name()
        + "  version "
        + module.version()
        + "  "
        + module.engine()
        + "  last tx "
        + module.lastTx()
        + (module.problem() == null ? "" : "  PROBLEM: " + module.problem());
  }

  /** The summary, then every public table, reducer and query with its parameters and types. */
  static void print(ModuleDescription module, PrintWriter out) {
    out.println(summary(module));
    out.println("code " + module.code());
    var schema = module.schema();
    out.println("tables:");
    for (var table : schema.tables()) {
      out.println("  " + table.name() + "(" + columns(table) + ")");
      for (var index : table.indexes()) {
        out.println(
            "    index "
                + index.name()
                + " ("
                + String.join(", ", index.columns())
                + ") "
                + index.kind()
                + (index.unique() ? " unique" : ""));
      }
    }
    out.println("reducers:");
    for (var reducer : schema.reducers()) {
      out.println("  " + reducer.name() + "(" + params(reducer.params()) + ")");
    }
    out.println("queries:");
    for (var query : schema.queries()) {
      out.println("  " + query.name() + "(" + params(query.params()) + ") -> " + query.result());
    }
  }

  private static String columns(ModuleDescription.Table table) {
    return table.columns().stream()
        .map(
            c ->
                c.name()
                    + " "
                    + c.type()
                    + (c.name().equals(table.primaryKey())
                        ? " primary key" + (table.autoIncrement() ? " auto-increment" : "")
                        : ""))
        .collect(Collectors.joining(", "));
  }

  private static String params(List<ModuleDescription.Column> params) {
    return params.stream().map(p -> p.name() + " " + p.type()).collect(Collectors.joining(", "));
  }
}
