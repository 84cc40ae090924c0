package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.InboxEntry;
import io.interstice.runtime.module.LogCode;
import io.interstice.runtime.module.LoggedChange;
import io.interstice.runtime.module.ModuleActor.TxCommitted;
import io.interstice.runtime.module.OutboxEntry;
import io.interstice.runtime.module.Schedule;
import java.util.ArrayList;

/**
 * Kryo serializer of {@link TxCommitted} (Kryo id {@value RuntimeKryoRegistrar#TX_COMMITTED}):
 *
 * <table>
 *   <caption>TxCommitted, version 1</caption>
 *   <tr><th>field</th><th>encoding</th></tr>
 *   <tr><td>format version</td><td>u8 = 1</td></tr>
 *   <tr><td>transaction id</td><td>varlong</td></tr>
 *   <tr><td>timestamp</td><td>long, microseconds since the epoch</td></tr>
 *   <tr><td>random seed</td><td>long</td></tr>
 *   <tr><td>caller</td><td>string</td></tr>
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
 *   <tr><td>schedule run</td><td>id varlong, 0 for none</td></tr>
 *   <tr><td>consumed delivery</td><td>u8 0 (none) or 1, then sender string and sequence number
 *       varlong</td></tr>
 *   <tr><td>error</td><td>u8 0 (none) or 1, then the error string</td></tr>
 * </table>
 *
 * Rows are in the canonical row encoding of the table's schema in force at that point of the log.
 * Stateless and thread-safe.
 */
public final class TxCommittedSerializer extends Serializer<TxCommitted> {
  public TxCommittedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, TxCommitted tx) {
    EventFormat.writeVersion(output);
    output.writeVarLong(tx.txId(), true);
    output.writeLong(tx.timestampMicros());
    output.writeLong(tx.seed());
    output.writeString(tx.caller());
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
    output.writeVarLong(tx.fired(), true);
    output.writeBoolean(tx.consumed() != null);
    if (tx.consumed() != null) {
      output.writeString(tx.consumed().sender());
      output.writeVarLong(tx.consumed().seq(), true);
    }
    output.writeBoolean(tx.error() != null);
    if (tx.error() != null) {
      output.writeString(tx.error());
    }
  }

  @Override
  public TxCommitted read(Kryo kryo, Input input, Class<? extends TxCommitted> type) {
    EventFormat.readVersion(input, "TxCommitted");
    long txId = input.readVarLong(true);
    long timestamp = input.readLong();
    long seed = input.readLong();
    var caller = input.readString();
    var reducer = input.readString();
    var args = EventFormat.readBytes(input);
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
    long fired = input.readVarLong(true);
    var consumed =
        input.readBoolean() ? new InboxEntry(input.readString(), input.readVarLong(true)) : null;
    var error = input.readBoolean() ? input.readString() : null;
    return new TxCommitted(
        txId, timestamp, seed, caller, reducer, args, changes, outbox, scheduled, cancelled,
        consumed, fired, error);
  }
}
