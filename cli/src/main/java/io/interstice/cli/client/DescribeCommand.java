package io.interstice.cli.client;

import io.interstice.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code interstice describe M}: a module's public tables, reducers and queries. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = "Describe a module: its version and engine, public tables, reducers and queries.")
public final class DescribeCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
  String module;

  @Override
  public Integer call() {
    try (var client = node.connect()) {
      var description = client.describe(module);
      if (node.json) {
        node.out().println(NodeOptions.json(description));
      } else {
        ModuleText.print(description, node.out());
      }
    }
    return ExitCodes.OK;
  }
}
