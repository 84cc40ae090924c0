package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.code.LogCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.schedule.Schedule;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * Kryo serializer of {@link TxCommitted} (Kryo id {@value RuntimeKryoRegistrar#TX_COMMITTED}). It
 * writes version 3 and reads versions 1 to 3:
 *
 * <table>
 *   <caption>TxCommitted, version 3</caption>
 *   <tr><th>field</th><th>encoding</th></tr>
 *   <tr><td>format version</td><td>u8 = 3</td></tr>
 *   <tr><td>transaction id</td><td>varlong</td></tr>
 *   <tr><td>timestamp</td><td>long, microseconds since the epoch</td></tr>
 *   <tr><td>random seed</td><td>long</td></tr>
 *   <tr><td>trigger</td><td>u8 kind, then: 1 client call: caller string, then
 *       the idempotency key: u8 0 (none) or 1, then the key string; 2 delivery: sender
 *       string, sequence number varlong; 3 scheduled run: schedule id varlong; 4 lifecycle
 *       reducer: nothing</td></tr>
 *   <tr><td>reducer</td><td>string</td></tr>
 *   <tr><td>arguments</td><td>varint length + canonical value encoding of the parameters</td></tr>
 *   <tr><td>change count</td><td>varint</td></tr>
 *   <tr><td>each change</td><td>u8 kind (1 insert, 2 update, 3 delete), table string, varint
 *       length + row; an update then has varint length + old row</td></tr>
 *   <tr><td>outbox entry count</td><td>varint</td></tr>
 *   <tr><td>each outbox entry</td><td>target string, sequence number varlong, u8 kind (1 call,
 *       2 event), reducer string, varint length + JSON arguments (UTF-8), depth varint, cause
 *       string</td></tr>
 *   <tr><td>schedules created</td><td>count varint; each: id varlong, reducer string, varint
 *       length + JSON arguments, due time long (µs), interval varlong (µs, 0 = once)</td></tr>
 *   <tr><td>schedules cancelled</td><td>count varint; each id varlong</td></tr>
 *   <tr><td>error</td><td>u8 0 (none) or 1, then the error string</td></tr>
 * </table>
 *
 * <p>Version 2 is version 3 without the idempotency key: its client call is the caller string
 * alone, and reads as a call without a key.
 *
 * <p>Version 1 has the caller string where version 2 has the trigger, and between the schedules
 * cancelled and the error the trigger's other half: the id of the schedule run (varlong, 0 for
 * none), then the consumed delivery (u8 0 for none, or 1 then sender string and sequence number
 * varlong). It reads as a {@link Trigger.Delivery} when it names a delivery, a {@link
 * Trigger.ScheduledRun} when it names a schedule, a {@link Trigger.Lifecycle} when its caller is
 * {@value Trigger#RUNTIME_CALLER} (version 1 cannot tell that from a client calling itself so), and
 * a {@link Trigger.ClientCall} of its caller otherwise.
 *
 * <p>Rows are in the canonical row encoding of the table's schema in force at that point of the
 * log. Stateless and thread-safe.
 */
public final class TxCommittedSerializer extends Serializer<TxCommitted> {
  /** The version this serializer writes. */
  static final int VERSION = 3;

  /** The version before triggers were written as such; still read. */
  static final int VERSION_CALLER = 1;

  /** The version before client calls carried idempotency keys; still read. */
  static final int VERSION_NO_KEY = 2;

  static final int TRIGGER_CLIENT_CALL = 1;
  static final int TRIGGER_DELIVERY = 2;
  static final int TRIGGER_SCHEDULED_RUN = 3;
  static final int TRIGGER_LIFECYCLE = 4;

  private static final String WHAT = "TxCommitted";

  public TxCommittedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, TxCommitted tx) {
    output.writeByte(VERSION);
    output.writeVarLong(tx.txId(), true);
    output.writeLong(tx.timestampMicros());
    output.writeLong(tx.seed());
    writeTrigger(output, tx.trigger());
    output.writeString(tx.reducer());
    EventFormat.writeBytes(output, tx.args());
    output.writeVarInt(tx.changes().size(), true);
    for (var change : tx.changes()) {
      output.writeByte(change.kind().code());
      output.writeString(change.table());
      EventFormat.writeBytes(output, change.row());
      if (change.kind() == LoggedChange.Kind.UPDATE) {
        EventFormat.writeBytes(output, change.oldRow());
      }
    }
    output.writeVarInt(tx.outbox().size(), true);
    for (var entry : tx.outbox()) {
      EventFormat.writeOutboxEntry(output, entry);
    }
    output.writeVarInt(tx.scheduled().size(), true);
    tx.scheduled().forEach(schedule -> EventFormat.writeSchedule(output, schedule));
    output.writeVarInt(tx.cancelled().size(), true);
    tx.cancelled().forEach(id -> output.writeVarLong(id, true));
    output.writeBoolean(tx.error() != null);
    if (tx.error() != null) {
      output.writeString(tx.error());
    }
  }

  private static void writeTrigger(Output output, Trigger trigger) {
    if (trigger instanceof Trigger.ClientCall call) {
      output.writeByte(TRIGGER_CLIENT_CALL);
      output.writeString(call.caller());
      output.writeBoolean(call.idempotencyKey() != null);
      if (call.idempotencyKey() != null) {
        output.writeString(call.idempotencyKey());
      }
    } else if (trigger instanceof Trigger.Delivery delivery) {
      output.writeByte(TRIGGER_DELIVERY);
      output.writeString(delivery.sender());
      output.writeVarLong(delivery.seq(), true);
    } else if (trigger instanceof Trigger.ScheduledRun run) {
      output.writeByte(TRIGGER_SCHEDULED_RUN);
      output.writeVarLong(run.scheduleId(), true);
    } else {
      output.writeByte(TRIGGER_LIFECYCLE);
    }
  }

  @Override
  public TxCommitted read(Kryo kryo, Input input, Class<? extends TxCommitted> type) {
    int version = EventFormat.readVersion(input, WHAT, VERSION_CALLER, VERSION);
    long txId = input.readVarLong(true);
    long timestamp = input.readLong();
    long seed = input.readLong();
    var caller = version == VERSION_CALLER ? input.readString() : null;
    var trigger = version == VERSION_CALLER ? null : readTrigger(input, version);
    var reducer = input.readString();
    var args = EventFormat.readBytes(input);
    var changes = readChanges(input);
    int outboxCount = input.readVarInt(true);
    var outbox = new ArrayList<OutboxEntry>(Math.min(outboxCount, 1024));
    for (int i = 0; i < outboxCount; i++) {
      outbox.add(EventFormat.readOutboxEntry(input));
    }
    int scheduledCount = input.readVarInt(true);
    var scheduled = new ArrayList<Schedule>(Math.min(scheduledCount, 1024));
    for (int i = 0; i < scheduledCount; i++) {
      scheduled.add(EventFormat.readSchedule(input));
    }
    int cancelledCount = input.readVarInt(true);
    var cancelled = new ArrayList<Long>(Math.min(cancelledCount, 1024));
    for (int i = 0; i < cancelledCount; i++) {
      cancelled.add(input.readVarLong(true));
    }
    if (version == VERSION_CALLER) {
      trigger = readCallerVersionTrigger(input, caller);
    }
    var error = input.readBoolean() ? input.readString() : null;
    return new TxCommitted(
        txId, timestamp, seed, trigger, reducer, args, changes, outbox, scheduled, cancelled,
        error);
  }

  private static Trigger readTrigger(Input input, int version) {
    int kind = input.readByte() & 0xff;
    return switch (kind) {
      case TRIGGER_CLIENT_CALL -> readClientCall(input, version);
      case TRIGGER_DELIVERY -> new Trigger.Delivery(input.readString(), input.readVarLong(true));
      case TRIGGER_SCHEDULED_RUN -> new Trigger.ScheduledRun(input.readVarLong(true));
      case TRIGGER_LIFECYCLE -> Trigger.LIFECYCLE;
      default -> throw new IllegalStateException(WHAT + " has unknown trigger kind " + kind);
    };
  }

  private static Trigger.ClientCall readClientCall(Input input, int version) {
    var caller = input.readString();
    if (version == VERSION_NO_KEY || !input.readBoolean()) {
      return new Trigger.ClientCall(caller);
    }
    return new Trigger.ClientCall(caller, input.readString());
  }

  /** Version 1's schedule run and consumed delivery, read with its caller as one trigger. */
  private static Trigger readCallerVersionTrigger(Input input, String caller) {
    long fired = input.readVarLong(true);
    var delivery =
        input.readBoolean()
            ? new Trigger.Delivery(input.readString(), input.readVarLong(true))
            : null;
    if (delivery != null && fired != 0) {
      throw new IllegalStateException(
          WHAT
              + " version 1 names both a delivery ("
              + delivery
              + ") and a schedule run ("
              + fired
              + ")");
    }
    if (delivery != null) {
      return delivery;
    }
    if (fired != 0) {
      return new Trigger.ScheduledRun(fired);
    }
    return caller.equals(Trigger.RUNTIME_CALLER)
        ? Trigger.LIFECYCLE
        : new Trigger.ClientCall(caller);
  }

  private static List<LoggedChange> readChanges(Input input) {
    int count = input.readVarInt(true);
    var changes = new ArrayList<LoggedChange>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      var kind =
          LogCode.decode(LoggedChange.Kind.class, input.readByte() & 0xff, "row change kind");
      var table = input.readString();
      var row = EventFormat.readBytes(input);
      var oldRow = kind == LoggedChange.Kind.UPDATE ? EventFormat.readBytes(input) : null;
      changes.add(new LoggedChange(kind, table, row, oldRow));
    }
    return changes;
  }
}
