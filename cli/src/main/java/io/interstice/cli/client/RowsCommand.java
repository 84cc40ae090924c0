package io.interstice.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.cli.ExitCodes;
import io.interstice.client.IntersticeClient;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code interstice rows M T}: every row of a table, fetched a page at a time. */
@Command(
    name = "rows",
    mixinStandardHelpOptions = true,
    description = {
      "Print every row of a public table in primary-key order, fetched a page at a time as it"
          + " prints: a header of column names, then one tab-separated line per row (strings"
          + " bare, other values as JSON), then the count; with --json one JSON object per line."
    })
public final class RowsCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
  String module;

  @Parameters(index = "1", paramLabel = "TABLE", description = "The table's name.")
  String table;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "100",
      description = "Rows per request (1 to the node's rows.max-limit, 1,000 by default).")
  int pageSize;

  @Override
  public Integer call() {
    var out = node.out();
    var count = new AtomicLong();
    try (var client = connect()) {
      client
          .rows(module, table)
          .forEach(
              row -> {
                if (node.json) {
                  out.println(NodeOptions.json(row));
                } else {
                  if (count.get() == 0) {
                    var names = new ArrayList<String>();
                    row.fieldNames().forEachRemaining(names::add);
                    out.println(String.join("\t", names));
                  }
                  out.println(line(row));
                }
                count.incrementAndGet();
              });
    }
    if (!node.json) {
      out.println("(" + count.get() + (count.get() == 1 ? " row)" : " rows)"));
    }
    return ExitCodes.OK;
  }

  private IntersticeClient connect() {
    if (pageSize < 1) {
      throw new picocli.CommandLine.ParameterException(
          node.spec.commandLine(), "--page-size must be at least 1, not " + pageSize);
    }
    return node.client().rowPageSize(pageSize).build();
  }

  private static String line(JsonNode row) {
    var values = new ArrayList<String>();
    row.elements()
        .forEachRemaining(v -> values.add(v.isTextual() ? v.textValue() : NodeOptions.json(v)));
    return String.join("\t", values);
  }
}
