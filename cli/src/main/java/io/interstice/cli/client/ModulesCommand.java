package io.interstice.cli.client;

import io.interstice.cli.ExitCodes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code interstice modules}: the modules deployed on the node. */
@Command(
    name = "modules",
    mixinStandardHelpOptions = true,
    description = "List the modules deployed on the node: name, version, engine, last transaction.")
public final class ModulesCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Override
  public Integer call() {
    try (var client = node.connect()) {
      var modules = client.modules();
      if (node.json) {
        node.out().println(NodeOptions.json(Map.of("modules", modules)));
      } else if (modules.isEmpty()) {
        node.out().println("no modules deployed");
      } else {
        modules.forEach(m -> node.out().println(ModuleText.summary(m)));
      }
    }
    return ExitCodes.OK;
  }
}
