package io.interstice.cli.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.LogReader;
import io.interstice.journal.snapshot.SnapshotFile;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.sdk.schema.ModuleSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code log dump --changes}: each module transaction of a log that the filter admits, with its
 * arguments and row changes decoded ({@link TransactionJson}), as text, JSON lines or CSV (one line
 * per row change). The module's schema in force is followed through the log: its deploy and
 * upgrades, or, when those were deleted under a snapshot, the snapshot's.
 *
 * <p>Not thread-safe; one dump per instance.
 */
final class TransactionDump {
  /** How transactions are printed. */
  enum Format {
    TEXT,
    JSON,
    CSV
  }

  /** The persistence ids of modules: {@code module|<name>}. */
  static final String MODULE_PREFIX = "module|";

  private static final List<String> CSV_COLUMNS =
      List.of(
          "module", "seq", "tx", "time", "reducer", "args", "trigger", "caller", "error", "op",
          "table", "old", "row");

  private final ModuleEventReader events = ModuleEventReader.fromConfig();
  private final Map<String, ModuleSchema> schemas = new HashMap<>();
  private final List<SnapshotAges.Snapshot> snapshots;
  private final TransactionFilter filter;
  private final Format format;
  private final PrintWriter out;
  private SequenceWriter csv;
  private long printed;

  TransactionDump(Path dataDir, TransactionFilter filter, Format format, PrintWriter out) {
    this.snapshots = dataDir == null ? List.of() : SnapshotAges.of(dataDir);
    this.filter = filter;
    this.format = format;
    this.out = out;
  }

  /** Prints every admitted transaction of the log; returns how many. */
  long run(LogReader reader) {
    if (format == Format.CSV) {
      var schema = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING);
      try {
        csv =
            new CsvMapper()
                .writerFor(String[].class)
                .with(schema.build().withHeader())
                .writeValues(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    reader.forEachFrame(this::frame);
    if (csv != null) {
      try {
        csv.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.flush();
    return printed;
  }

  private void frame(Frame frame) {
    var id = frame.persistenceId();
    if (!id.startsWith(MODULE_PREFIX)) {
      return;
    }
    var module = id.substring(MODULE_PREFIX.length());
    for (var event : frame.events()) {
      event(id, module, event);
    }
  }

  private void event(String id, String module, LogEvent event) {
    Object read;
    try {
      read = events.read(event.serializerId(), event.serializerManifest(), event.payload());
    } catch (RuntimeException e) {
      // Said where it cannot be mistaken for data: a CSV line per change has no place for it.
      if (filter.admitsModule(module) && format == Format.TEXT) {
        out.printf("%s seq %d: unreadable event: %s%n", module, event.sequenceNr(), e.getMessage());
      } else if (filter.admitsModule(module) && format == Format.JSON) {
        out.println(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("module", module)
                .put("seq", event.sequenceNr())
                .put("unreadable", e.getMessage()));
      }
      return;
    }
    if (read instanceof ModuleEvent.Batch batch) {
      for (var inner : batch.events()) {
        apply(id, module, event, inner);
      }
    } else if (read instanceof ModuleEvent) {
      apply(id, module, event, (ModuleEvent) read);
    }
  }

  /** One event of the log, or of a batch that {@code event} holds. */
  private void apply(String id, String module, LogEvent event, ModuleEvent read) {
    if (read instanceof ModuleEvent.ModuleDeployed deployed) {
      schemas.put(id, deployed.schema());
    } else if (read instanceof ModuleEvent.ModuleUpgraded upgraded) {
      schemas.put(id, upgraded.schema());
    } else if (read instanceof ModuleEvent.ModuleRemoved) {
      schemas.remove(id);
    } else if (read instanceof ModuleEvent.TxCommitted tx && filter.admits(module, tx)) {
      if (!schemas.containsKey(id)) {
        schemas.put(id, snapshotSchema(id, event.sequenceNr()));
      }
      var schema = schemas.get(id);
      print(TransactionJson.of(module, event.sequenceNr(), tx, schema, filter::admits));
      printed++;
    }
  }

  /**
   * The schema of the newest intact snapshot of {@code id} taken before {@code seq} (else its
   * oldest): its deploy was deleted under a snapshot.
   */
  private ModuleSchema snapshotSchema(String id, long seq) {
    SnapshotAges.Snapshot best = null;
    for (var s : snapshots) {
      if (s.persistenceId().equals(id)
          && s.problem() == null
          && (best == null || (s.sequenceNr() < seq && s.sequenceNr() > best.sequenceNr()))) {
        best = s;
      }
    }
    if (best == null) {
      return null;
    }
    try {
      var file = SnapshotFile.read(best.file());
      var state = events.read(file.serializerId(), file.manifest(), file.payload());
      return state instanceof ModuleState module && module.deployed() ? module.schema() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void print(ObjectNode tx) {
    switch (format) {
      case JSON:
        out.println(tx);
        break;
      case CSV:
        printCsv(tx);
        break;
      default:
        printText(tx);
    }
  }

  private void printText(ObjectNode tx) {
    out.printf(
        "%s tx %d  seq %d  %s  %s(%s)  %s%s%n",
        tx.get("module").asText(),
        tx.get("txId").asLong(),
        tx.get("seq").asLong(),
        tx.get("time").asText(),
        tx.get("reducer").asText(),
        argsText(tx.get("args")),
        triggerText(tx.get("trigger")),
        tx.has("error") ? "  FAILED: " + tx.get("error").asText() : "");
    for (var change : tx.get("changes")) {
      var op = change.get("op").asText();
      out.printf(
          "  %-6s %s %s%s%n",
          op,
          change.get("table").asText(),
          change.has("old") ? change.get("old") + " -> " : "",
          change.get("row"));
    }
    long messages = tx.get("messages").asLong();
    long schedules = tx.get("schedules").asLong();
    if (messages + schedules + tx.get("cancelled").asLong() > 0) {
      out.printf(
          "  sent %d message(s), scheduled %d, cancelled %d%n",
          messages, schedules, tx.get("cancelled").asLong());
    }
  }

  private static String argsText(JsonNode args) {
    if (!args.isArray()) {
      return args.toString();
    }
    var text = new StringBuilder();
    for (var arg : args) {
      text.append(text.length() == 0 ? "" : ", ").append(arg);
    }
    return text.toString();
  }

  private static String triggerText(JsonNode trigger) {
    var kind = trigger.get("kind").asText();
    var text = new StringBuilder(kind);
    if (trigger.has("sender")) {
      text.append(' ').append(trigger.get("sender").asText()).append(" #");
      text.append(trigger.get("seq").asLong());
    }
    if (trigger.has("schedule")) {
      text.append(' ').append(trigger.get("schedule").asLong());
    }
    text.append(" as ").append(trigger.get("caller").asText());
    if (trigger.has("idempotencyKey")) {
      text.append(" key ").append(trigger.get("idempotencyKey").asText());
    }
    return text.toString();
  }

  /** One line per shown change; a transaction without any gets one line with no change. */
  private void printCsv(ObjectNode tx) {
    var changes = tx.get("changes");
    try {
      if (changes.isEmpty()) {
        csv.write(csvLine(tx, null));
      }
      for (var change : changes) {
        csv.write(csvLine(tx, change));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] csvLine(ObjectNode tx, JsonNode change) {
    var trigger = tx.get("trigger");
    return new String[] {
      tx.get("module").asText(),
      tx.get("seq").asText(),
      tx.get("txId").asText(),
      tx.get("time").asText(),
      tx.get("reducer").asText(),
      tx.get("args").toString(),
      trigger.get("kind").asText(),
      trigger.get("caller").asText(),
      tx.has("error") ? tx.get("error").asText() : "",
      change == null ? "" : change.get("op").asText(),
      change == null ? "" : change.get("table").asText(),
      change == null || !change.has("old") ? "" : change.get("old").toString(),
      change == null ? "" : change.get("row").toString()
    };
  }
}
