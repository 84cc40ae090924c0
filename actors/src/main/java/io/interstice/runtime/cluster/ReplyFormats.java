package io.interstice.runtime.cluster;

import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.module.ModuleActor.Answered;
import io.interstice.runtime.module.ModuleActor.CallReply;
import io.interstice.runtime.module.ModuleActor.CallsAnswered;
import io.interstice.runtime.module.ModuleActor.Committed;
import io.interstice.runtime.module.ModuleActor.Deployed;
import io.interstice.runtime.module.ModuleActor.Described;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.ModuleActor.Removed;
import io.interstice.runtime.module.ModuleActor.Rows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The wire formats of what modules send back: the replies to commands, and live updates to
 * subscribers on any node; the layouts are in {@link ClusterMessageSerializer}. Stateless.
 */
final class ReplyFormats {
  /** Most rows or changes a reader allocates room for before it has read them. */
  private static final int PREALLOCATED = 1024;

  private ReplyFormats() {}

  static List<MessageFormat<?>> all() {
    return List.of(
        MessageFormat.of(
            "Failed",
            Failed.class,
            (out, m) -> out.errorKind(m.kind()).optionalText(m.message()),
            in -> new Failed(in.errorKind(), in.optionalText())),
        MessageFormat.of(
            "Removed",
            Removed.class,
            (out, m) -> out.text(m.module()),
            in -> new Removed(in.text())),
        MessageFormat.of(
            "Deployed",
            Deployed.class,
            (out, m) -> out.info(m.info()),
            in -> new Deployed(in.info())),
        MessageFormat.of(
            "Committed",
            Committed.class,
            (out, m) -> out.i64(m.txId()).i64(m.timestampMicros()),
            in -> new Committed(in.i64(), in.i64())),
        MessageFormat.of(
            "CallsAnswered",
            CallsAnswered.class,
            ReplyFormats::writeCallsAnswered,
            ReplyFormats::readCallsAnswered),
        MessageFormat.of(
            "Answered",
            Answered.class,
            (out, m) -> out.type(m.type()).value(m.type(), m.value()),
            ReplyFormats::readAnswered),
        MessageFormat.of("Rows", Rows.class, ReplyFormats::writeRows, ReplyFormats::readRows),
        MessageFormat.of(
            "Described",
            Described.class,
            (out, m) -> out.info(m.info()),
            in -> new Described(in.info())),
        MessageFormat.of(
            "LiveCurrent",
            LiveUpdate.Current.class,
            ReplyFormats::writeCurrent,
            ReplyFormats::readCurrent),
        MessageFormat.of(
            "LiveCommitted",
            LiveUpdate.Committed.class,
            ReplyFormats::writeCommitted,
            ReplyFormats::readCommitted),
        MessageFormat.of(
            "LiveEnded",
            LiveUpdate.Ended.class,
            (out, m) -> out.text(m.module()).optionalText(m.reason()),
            in -> new LiveUpdate.Ended(in.text(), in.optionalText())));
  }

  private static Answered readAnswered(WireReader in) {
    var type = in.type();
    return new Answered(type, in.value(type));
  }

  private static void writeRows(WireWriter out, Rows rows) {
    out.table(rows.table()).varint(rows.rows().size());
    for (var row : rows.rows()) {
      out.row(rows.table(), row);
    }
    out.bool(rows.more());
  }

  private static Rows readRows(WireReader in) {
    var table = in.table();
    // a row takes a byte per column at least
    int count = in.count("row count", table.columns().isEmpty() ? 0 : 1);
    var rows = new ArrayList<Object[]>(Math.min(count, PREALLOCATED));
    for (int i = 0; i < count; i++) {
      rows.add(in.row(table));
    }
    return new Rows(table, Collections.unmodifiableList(rows), in.bool());
  }

  private static void writeCurrent(WireWriter out, LiveUpdate.Current current) {
    out.text(current.module()).i64(current.txId()).varint(current.rows().size());
    current
        .rows()
        .forEach(
            (table, rows) -> {
              out.text(table).varint(rows.size());
              rows.forEach(out::taggedRow);
            });
  }

  private static LiveUpdate.Current readCurrent(WireReader in) {
    var module = in.text();
    long txId = in.i64();
    int tables = in.count("table count", 1);
    // in the order written, which is the order the module sent them in
    var rows = new LinkedHashMap<String, List<Object[]>>();
    for (int t = 0; t < tables; t++) {
      var table = in.text();
      int count = in.count("row count", 1);
      var tableRows = new ArrayList<Object[]>(Math.min(count, PREALLOCATED));
      for (int i = 0; i < count; i++) {
        tableRows.add(in.taggedRow());
      }
      rows.put(table, Collections.unmodifiableList(tableRows));
    }
    return new LiveUpdate.Current(module, txId, Collections.unmodifiableMap(rows));
  }

  private static void writeCommitted(WireWriter out, LiveUpdate.Committed committed) {
    out.text(committed.module()).i64(committed.txId()).varint(committed.changes().size());
    for (var change : committed.changes()) {
      out.text(change.table()).u8(WireCodes.code(change.kind()));
      out.optionalTaggedRow(change.oldRow()).optionalTaggedRow(change.newRow());
    }
  }

  private static LiveUpdate.Committed readCommitted(WireReader in) {
    var module = in.text();
    long txId = in.i64();
    int count = in.count("change count", 1);
    var changes = new ArrayList<LiveUpdate.RowUpdate>(Math.min(count, PREALLOCATED));
    for (int i = 0; i < count; i++) {
      var table = in.text();
      var kind = in.rowChange();
      var oldRow = in.optionalTaggedRow();
      changes.add(new LiveUpdate.RowUpdate(table, kind, oldRow, in.optionalTaggedRow()));
    }
    return new LiveUpdate.Committed(module, txId, Collections.unmodifiableList(changes));
  }

  /** Each answer as u8 1 and a Committed's fields, or u8 2 and a Failed's. */
  private static void writeCallsAnswered(WireWriter out, CallsAnswered answered) {
    out.varint(answered.replies().size());
    for (var reply : answered.replies()) {
      if (reply instanceof Committed committed) {
        out.u8(1).i64(committed.txId()).i64(committed.timestampMicros());
      } else {
        var failed = (Failed) reply;
        out.u8(2).errorKind(failed.kind()).optionalText(failed.message());
      }
    }
  }

  private static CallsAnswered readCallsAnswered(WireReader in) {
    int n = in.count("answer count", 2);
    var replies = new ArrayList<CallReply>(Math.min(n, PREALLOCATED));
    for (int i = 0; i < n; i++) {
      int kind = in.u8();
      replies.add(
          switch (kind) {
            case 1 -> new Committed(in.i64(), in.i64());
            case 2 -> new Failed(in.errorKind(), in.optionalText());
            default -> throw new IllegalArgumentException("unknown answer code " + kind);
          });
    }
    return new CallsAnswered(Collections.unmodifiableList(replies));
  }
}
