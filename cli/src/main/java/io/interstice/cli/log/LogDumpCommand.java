package io.interstice.cli.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.interstice.cli.ExitCodes;
import io.interstice.journal.log.Frame;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice log dump}: one line per frame; with --events, each event's metadata too (as
 * indented lines, or with --json as the frame's {@code eventList}), and for a module's committed
 * transaction its id, reducer, trigger and error ({@link TransactionSummary}).
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Print every frame with its position, persistence id and sequence numbers.")
public final class LogDumpCommand implements Callable<Integer> {
  @Mixin LogPathMixin log;
  @Spec CommandSpec spec;

  @Option(names = "--id", description = "Only frames of this persistence id.")
  String id;

  @Option(
      names = "--events",
      description =
          "Also print each event's metadata (with --json: a frame's eventList), and what"
              + " triggered each transaction.")
  boolean events;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var transactions = events ? TransactionSummary.fromConfig() : null;
    log.open()
        .forEachFrame(
            f -> {
              if (id != null && !id.equals(f.persistenceId())) {
                return;
              }
              if (log.json) {
                printJson(out, f, transactions);
              } else {
                printText(out, f, transactions);
              }
            });
    out.flush();
    return ExitCodes.OK;
  }

  /** One JSON object per line, so that the output can be read line by line. */
  private void printJson(PrintWriter out, Frame f, TransactionSummary transactions) {
    var json =
        JsonNodeFactory.instance
            .objectNode()
            .put("position", f.position())
            .put("id", f.persistenceId())
            .put("first", f.firstSequenceNr())
            .put("last", f.lastSequenceNr())
            .put("events", f.events().size());
    if (events) {
      var list = json.putArray("eventList");
      for (var e : f.events()) {
        var event =
            list.addObject()
                .put("seq", e.sequenceNr())
                .put("timestamp", e.timestamp())
                .put("serializer", e.serializerId())
                .put("manifest", e.serializerManifest())
                .put("writer", e.writerUuid())
                .put("bytes", e.payload().length);
        transactions.addJson(event, e);
      }
    }
    out.println(json);
  }

  private void printText(PrintWriter out, Frame f, TransactionSummary transactions) {
    out.printf(
        "%d %s seq %d..%d (%d event(s))%n",
        f.position(),
        f.persistenceId(),
        f.firstSequenceNr(),
        f.lastSequenceNr(),
        f.events().size());
    if (events) {
      for (var e : f.events()) {
        out.printf(
            "    seq %d at %d serializer %d manifest '%s' writer %s, %d bytes%n",
            e.sequenceNr(),
            e.timestamp(),
            e.serializerId(),
            e.serializerManifest(),
            e.writerUuid(),
            e.payload().length);
        var transaction = transactions.text(e);
        if (transaction != null) {
          out.printf("      %s%n", transaction);
        }
      }
    }
  }
}
