package io.interstice.cli.client;

import io.interstice.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code interstice trace}: records the node's reducer trace and prints it. */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Record the node's reducer trace for --seconds and print it as Chrome trace-event JSON",
      "(`interstice trace --seconds 10 > trace.json`, then open trace.json in",
      "https://ui.perfetto.dev): a span per reducer call with its stages (queue, reducer,",
      "persist with the journal's force inside, reply) and arrows from each call to the",
      "deliveries, calls and scheduled runs it caused. Tracing is off otherwise; while it",
      "records, every call pays for its span."
    })
public final class TraceCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      paramLabel = "N",
      description = "How long to record, 1 to 60 (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Override
  public Integer call() {
    try (var client = node.client().maxAttempts(1).build()) {
      node.out().println(client.trace(seconds));
    }
    node.out().flush();
    return ExitCodes.OK;
  }
}
