package io.interstice.cli.client;

import io.interstice.cli.ExitCodes;
import io.interstice.client.IdempotencyKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code interstice call M R ARGS...}: calls a reducer and waits until it is durable. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call a reducer and print its transaction once it is durable.",
      "Each ARG is a JSON value:",
      "  interstice call bank transfer 1 2 30",
      "  interstice call chat post '\"ann\"' '\"general\"' '\"hi\"'",
      "A refusal prints the reducer's message and exits 1. A call whose answer was lost is"
          + " retried with the same idempotency key (--key, else a random one)."
    })
public final class CallCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
  String module;

  @Parameters(index = "1", paramLabel = "REDUCER", description = "The reducer's name.")
  String reducer;

  @Parameters(
      index = "2..*",
      paramLabel = "ARG",
      description = "The reducer's arguments in order, each a JSON value.")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "Idempotency key: the node runs a call repeated with the same key once (1 to 128"
              + " printable ASCII characters; default: a random one).")
  String key;

  @Override
  public Integer call() {
    var values = JsonArguments.parse(node.spec, args);
    IdempotencyKey idempotencyKey;
    try {
      idempotencyKey = key == null ? IdempotencyKey.random() : IdempotencyKey.of(key);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(node.spec.commandLine(), "--key: " + e.getMessage());
    }
    try (var client = node.connect()) {
      var result = client.call(module, reducer, idempotencyKey, values);
      if (node.json) {
        node.out().println(NodeOptions.json(result));
      } else {
        node.out()
            .println(
                "committed tx "
                    + result.tx()
                    + (result.result().isNull() ? "" : ": " + NodeOptions.json(result.result())));
      }
    }
    return ExitCodes.OK;
  }
}
