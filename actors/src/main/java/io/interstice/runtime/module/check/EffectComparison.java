package io.interstice.runtime.module.check;

import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.schedule.Schedule;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.module.tx.ReducerEnvironment;
import io.interstice.runtime.table.ValueText;
import io.interstice.sdk.codec.RowCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Compares what a re-run reducer call did with its logged transaction: row changes first (byte for
 * byte in the canonical row encoding, shown decoded), then the calls it sent, then the schedules it
 * created and cancelled. Subscription deliveries follow from the row changes, so they are not
 * compared apart. One comparison per transaction, on the checker's thread.
 */
final class EffectComparison {
  private static final String NOTHING = "nothing";

  private final ModuleState state;
  private final ModuleEvent.TxCommitted tx;

  private EffectComparison(ModuleState state, ModuleEvent.TxCommitted tx) {
    this.state = state;
    this.tx = tx;
  }

  static EffectComparison of(ModuleState state, ModuleEvent.TxCommitted tx) {
    return new EffectComparison(state, tx);
  }

  /** The divergence of a re-run that failed where the logged call committed. */
  static Divergence failed(ModuleEvent.TxCommitted tx, Throwable failure) {
    return new Divergence(
        tx.txId(),
        tx.reducer(),
        describe(tx.trigger()),
        Divergence.Aspect.FAILED,
        -1,
        null,
        "committed with " + tx.changes().size() + " row change(s)",
        failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  /** The first difference, or null when the re-run did exactly what the log says. */
  Divergence compare(List<LoggedChange> changes, ReducerEnvironment environment) {
    var rows = compareChanges(changes);
    if (rows != null) {
      return rows;
    }
    var calls = compareCalls(environment.calls());
    return calls != null ? calls : compareSchedules(environment);
  }

  private Divergence compareChanges(List<LoggedChange> actual) {
    var expected = tx.changes();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      var want = i < expected.size() ? expected.get(i) : null;
      var got = i < actual.size() ? actual.get(i) : null;
      if (want != null && got != null && same(want, got)) {
        continue;
      }
      var table = want != null ? want.table() : got.table();
      return divergence(Divergence.Aspect.CHANGES, i, table, text(want), text(got));
    }
    return null;
  }

  private static boolean same(LoggedChange a, LoggedChange b) {
    return a.kind() == b.kind()
        && a.table().equals(b.table())
        && Arrays.equals(a.row(), b.row())
        && Arrays.equals(a.oldRow(), b.oldRow());
  }

  private String text(LoggedChange change) {
    if (change == null) {
      return NOTHING;
    }
    var table = state.tableSchema(change.table());
    var row = ValueText.row(RowCodec.decodeRow(table, change.row()));
    switch (change.kind()) {
      case INSERT:
        return "insert " + row;
      case UPDATE:
        return "update " + ValueText.row(RowCodec.decodeRow(table, change.oldRow())) + " -> " + row;
      default:
        return "delete " + row;
    }
  }

  private Divergence compareCalls(List<ReducerEnvironment.OutgoingCall> actual) {
    var expected =
        tx.outbox().stream().filter(entry -> entry.kind() == OutboxEntry.Kind.CALL).toList();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      var want = i < expected.size() ? callText(expected.get(i)) : NOTHING;
      var got = i < actual.size() ? callText(actual.get(i)) : NOTHING;
      if (!want.equals(got)) {
        return divergence(Divergence.Aspect.CALLS, i, null, want, got);
      }
    }
    return null;
  }

  private static String callText(OutboxEntry entry) {
    return "call " + entry.target() + "." + entry.reducer() + " " + utf8(entry.args());
  }

  private static String callText(ReducerEnvironment.OutgoingCall call) {
    return "call " + call.module() + "." + call.reducer() + " " + utf8(call.argsJson());
  }

  private Divergence compareSchedules(ReducerEnvironment environment) {
    var expected = tx.scheduled();
    var actual = environment.scheduled();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      var want = i < expected.size() ? scheduleText(expected.get(i)) : NOTHING;
      var got = i < actual.size() ? scheduleText(actual.get(i)) : NOTHING;
      if (!want.equals(got)) {
        return divergence(Divergence.Aspect.SCHEDULES, i, null, want, got);
      }
    }
    if (!Objects.equals(tx.cancelled(), environment.cancelled())) {
      return divergence(
          Divergence.Aspect.SCHEDULES,
          expected.size(),
          null,
          "cancel " + tx.cancelled(),
          "cancel " + environment.cancelled());
    }
    return null;
  }

  private static String scheduleText(Schedule schedule) {
    return "schedule "
        + schedule.id()
        + " of "
        + schedule.reducer()
        + " "
        + utf8(schedule.args())
        + " due "
        + schedule.dueMicros()
        + (schedule.intervalMicros() > 0 ? " every " + schedule.intervalMicros() + " µs" : "");
  }

  private Divergence divergence(
      Divergence.Aspect aspect, int index, String table, String expected, String actual) {
    return new Divergence(
        tx.txId(), tx.reducer(), describe(tx.trigger()), aspect, index, table, expected, actual);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** What triggered a transaction, in words: {@code client call as alice}. */
  static String describe(Trigger trigger) {
    if (trigger instanceof Trigger.ClientCall call) {
      return "client call as " + call.caller();
    } else if (trigger instanceof Trigger.Delivery delivery) {
      return "delivery " + delivery.sender() + " #" + delivery.seq();
    } else if (trigger instanceof Trigger.ScheduledRun run) {
      return "run of schedule " + run.scheduleId();
    }
    return "lifecycle reducer";
  }
}
