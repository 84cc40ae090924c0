package io.interstice.cli.client;

import io.interstice.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code interstice query M Q ARGS...}: runs a query on committed state. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run a query on the module's committed state and print its result as JSON.",
      "Each ARG is a JSON value:",
      "  interstice query bank balance 1",
      "  interstice query bank account '\"alice\"'"
    })
public final class QueryCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
  String module;

  @Parameters(index = "1", paramLabel = "QUERY", description = "The query's name.")
  String query;

  @Parameters(
      index = "2..*",
      paramLabel = "ARG",
      description = "The query's arguments in order, each a JSON value.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    var values = JsonArguments.parse(node.spec, args);
    try (var client = node.connect()) {
      var result = client.query(module, query, values);
      node.out().println(NodeOptions.json(node.json ? Map.of("result", result) : result));
    }
    return ExitCodes.OK;
  }
}
