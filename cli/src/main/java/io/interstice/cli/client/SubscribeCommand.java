package io.interstice.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.cli.ExitCodes;
import io.interstice.client.IntersticeClientException;
import io.interstice.client.Subscription;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code interstice subscribe M}: prints tables' rows, then each change as it commits. */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    description = {
      "Print the current rows of a module's tables, then each change as its transaction commits,"
          + " until Ctrl-C or the module stops. With --json, each message as the node sends it"
          + " (docs/http-api.md), one per line."
    })
public final class SubscribeCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
  String module;

  @Option(
      names = "--tables",
      split = ",",
      paramLabel = "TABLE",
      description = "Tables to follow, comma-separated (default: every public table).")
  List<String> tables;

  @Option(
      names = "--commits",
      paramLabel = "N",
      description = "Stop after N commits (default: never).")
  Long commits;

  /** Completes with the exit code once the subscription is over. */
  private final CompletableFuture<Integer> over = new CompletableFuture<>();

  @Override
  public Integer call() throws InterruptedException {
    if (commits != null && commits < 1) {
      throw new ParameterException(node.spec.commandLine(), "--commits must be at least 1");
    }
    try (var client = node.connect()) {
      var names = new LinkedHashSet<String>();
      if (tables == null || tables.isEmpty()) {
        client.describe(module).schema().tables().forEach(t -> names.add(t.name()));
      } else {
        names.addAll(tables);
      }
      var subscription = client.subscribe(module, names, new Printer());
      try {
        return over.get();
      } catch (ExecutionException e) {
        throw (IntersticeClientException) e.getCause();
      } finally {
        subscription.close();
      }
    }
  }

  /** Prints what the subscription tells; called one message at a time. */
  private final class Printer implements Subscription.Listener {
    private long seen;

    @Override
    public void onRows(long tx, Map<String, List<JsonNode>> rows) {
      var out = node.out();
      if (node.json) {
        var message = NodeOptions.JSON.createObjectNode().put("type", "rows").put("tx", tx);
        message.set("tables", NodeOptions.JSON.valueToTree(rows));
        out.println(NodeOptions.json(message));
      } else {
        rows.forEach(
            (table, list) -> {
              out.println(table + ": " + list.size() + " row(s) as of tx " + tx);
              list.forEach(row -> out.println("  " + NodeOptions.json(row)));
            });
      }
      out.flush();
    }

    @Override
    public void onCommit(Subscription.Commit commit) {
      var out = node.out();
      if (node.json) {
        out.println(NodeOptions.json(message(commit)));
      } else {
        for (var change : commit.changes()) {
          out.println(
              "tx "
                  + commit.tx()
                  + " "
                  + change.op().name().toLowerCase(Locale.ROOT)
                  + " "
                  + change.table()
                  + " "
                  + (change.oldRow() == null ? "" : NodeOptions.json(change.oldRow()))
                  + (change.oldRow() != null && change.newRow() != null ? " -> " : "")
                  + (change.newRow() == null ? "" : NodeOptions.json(change.newRow())));
        }
      }
      out.flush();
      if (commits != null && ++seen >= commits) {
        over.complete(ExitCodes.OK);
      }
    }

    @Override
    public void onEnded(String reason) {
      if (node.json) {
        var message = NodeOptions.JSON.createObjectNode().put("type", "ended");
        node.out().println(NodeOptions.json(message.put("reason", reason)));
      } else {
        node.out().println("ended: " + reason);
      }
      node.out().flush();
      over.complete(ExitCodes.OK);
    }

    @Override
    public void onError(IntersticeClientException error) {
      over.completeExceptionally(error);
    }
  }

  /** A commit as the node sends it: {@code {"type": "commit", "tx", "changes": [...]}}. */
  private static JsonNode message(Subscription.Commit commit) {
    var message = NodeOptions.JSON.createObjectNode().put("type", "commit").put("tx", commit.tx());
    var changes = message.putArray("changes");
    for (var change : commit.changes()) {
      var c = changes.addObject().put("table", change.table());
      c.put("op", change.op().name().toLowerCase(Locale.ROOT));
      c.set("old", change.oldRow());
      c.set("new", change.newRow());
    }
    return message;
  }
}
