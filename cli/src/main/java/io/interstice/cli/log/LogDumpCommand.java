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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code interstice log dump}: one line per frame; with --events, each event's metadata too (as
 * indented lines, or with --json as the frame's {@code eventList}), and for a module's committed
 * transaction its id, reducer, trigger and error ({@link TransactionSummary}). With --changes (or
 * any transaction filter) it prints modules' transactions instead, decoded ({@link
 * TransactionDump}).
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
      "Print every frame with its position, persistence id and sequence numbers.",
      "With --changes, or any of --module, --table, --reducer, --tx, --since, --until: print",
      "the modules' transactions instead, each with its reducer, decoded arguments, trigger,",
      "error and every row it inserted, updated (old -> new) or deleted, decoded with the",
      "schema in force at that point of the log; --format json prints one transaction per",
      "line, --format csv one row change per line.",
      "Exit code 0: printed; 2: bad usage; 3: the log cannot be read."
    })
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

  @Option(
      names = "--changes",
      description = "Print modules' transactions with their decoded changes instead of frames.")
  boolean changes;

  @Option(names = "--module", paramLabel = "NAME", description = "Only this module's transactions.")
  String module;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "Only transactions that changed this table, and only its changes.")
  String table;

  @Option(
      names = "--reducer",
      paramLabel = "NAME",
      description = "Only this reducer's transactions.")
  String reducer;

  @Option(
      names = "--tx",
      paramLabel = "RANGE",
      description = "Only these transaction ids: ID, FROM..TO, FROM.. or ..TO (inclusive).")
  String tx;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Only transactions at or after TIME (ISO-8601, 2026-12-07T01:00:00Z).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Only transactions at or before TIME (ISO-8601).")
  String until;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text (default), json (as --json) or csv (transactions only).")
  String format;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (changes
        || module != null
        || table != null
        || reducer != null
        || tx != null
        || since != null
        || until != null) {
      var dump = new TransactionDump(log.dataDir(), filter(), transactionFormat(), out);
      dump.run(log.open());
      return ExitCodes.OK;
    }
    if (format != null && !format.equals("text") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--format " + format + " needs --changes");
    }
    var json = log.json || "json".equals(format);
    var transactions = events ? TransactionSummary.fromConfig() : null;
    log.open()
        .forEachFrame(
            f -> {
              if (id != null && !id.equals(f.persistenceId())) {
                return;
              }
              if (json) {
                printJson(out, f, transactions);
              } else {
                printText(out, f, transactions);
              }
            });
    out.flush();
    return ExitCodes.OK;
  }

  private TransactionFilter filter() {
    try {
      var range = TransactionFilter.txRange(tx);
      return new TransactionFilter(
          module,
          table,
          reducer,
          range[0],
          range[1],
          TransactionFilter.time("--since", since),
          TransactionFilter.time("--until", until));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private TransactionDump.Format transactionFormat() {
    if (format == null) {
      return log.json ? TransactionDump.Format.JSON : TransactionDump.Format.TEXT;
    }
    for (var value : TransactionDump.Format.values()) {
      if (value.name().equalsIgnoreCase(format)) {
        return value;
      }
    }
    throw new ParameterException(
        spec.commandLine(), "--format: expected text, json or csv, found " + format);
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
        for (var transaction : transactions.lines(e)) {
          out.printf("      %s%n", transaction);
        }
      }
    }
  }
}
