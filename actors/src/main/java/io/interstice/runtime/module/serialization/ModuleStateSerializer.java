package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.module.state.IdempotencyWindow;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.Persistence;

/**
 * Kryo serializer of a module's snapshot, {@link ModuleState} (Kryo id {@value
 * RuntimeKryoRegistrar#MODULE_STATE}). It writes version 3 and reads versions 1 to 3:
 *
 * <table>
 *   <caption>ModuleState snapshot, version 3</caption>
 *   <tr><th>field</th><th>encoding</th></tr>
 *   <tr><td>format version</td><td>u8 = 3</td></tr>
 *   <tr><td>module name</td><td>string</td></tr>
 *   <tr><td>deployed</td><td>u8: 0 never deployed (nothing follows), 1 deployed, 2 removed
 *       (then no code, schema or tables: the last transaction id and timestamp follow, then
 *       subscribers and the rest as below, idempotency keys included)</td></tr>
 *   <tr><td>code, schema</td><td>as in ModuleDeployed</td></tr>
 *   <tr><td>last transaction id</td><td>varlong</td></tr>
 *   <tr><td>last timestamp</td><td>long, microseconds since the epoch</td></tr>
 *   <tr><td>table count</td><td>varint; logged tables only (ephemeral ones restart empty)</td></tr>
 *   <tr><td>each table</td><td>name string, next auto-increment value varlong, row count
 *       varlong, then each row (in primary key order) as varint length + canonical row
 *       encoding</td></tr>
 *   <tr><td>subscribers</td><td>count varint; each: subscriber string, its subscriptions as in
 *       SubscriptionsChanged</td></tr>
 *   <tr><td>inbox</td><td>count varint; each: sender string, last consumed varlong</td></tr>
 *   <tr><td>outbox numbering</td><td>count varint; each: target string, last sequence number
 *       varlong</td></tr>
 *   <tr><td>unacknowledged entries</td><td>count varint; each an outbox entry as in
 *       TxCommitted</td></tr>
 *   <tr><td>schedules</td><td>last id varlong, count varint, then each schedule as in
 *       TxCommitted</td></tr>
 *   <tr><td>idempotency keys</td><td>count varint, then oldest first each: key string,
 *       fingerprint long ({@link IdempotencyWindow#fingerprint(String, String, byte[])}),
 *       transaction id varlong, timestamp long (µs)</td></tr>
 *   <tr><td>history</td><td>count varint, then oldest first each deploy or upgrade: kind u8 (0
 *       deployed, 1 upgraded), version varint, code description string, timestamp long
 *       (µs)</td></tr>
 * </table>
 *
 * <p>Version 1 has no idempotency keys: its state reads with an empty window. Versions 1 and 2 have
 * no history: their state reads with none (the installations logged after the snapshot are added as
 * they are replayed).
 *
 * <p>Writing reads the live tables: the module actor stashes all commands while its snapshot is
 * stored, so they do not change meanwhile (see {@link ModuleState}). Stateless and thread-safe.
 */
public final class ModuleStateSerializer extends Serializer<ModuleState> {
  /** The version this serializer writes. */
  static final int VERSION = 3;

  /** The version before the history of deploys and upgrades was kept; still read. */
  static final int VERSION_NO_HISTORY = 2;

  /** The version before idempotency keys were kept; still read. */
  static final int VERSION_NO_KEYS = 1;

  private static final String WHAT = "module snapshot";
  private static final int NEVER_DEPLOYED = 0;
  private static final int DEPLOYED = 1;
  private static final int REMOVED = 2;

  @Override
  public void write(Kryo kryo, Output output, ModuleState state) {
    output.writeByte(VERSION);
    output.writeString(state.name());
    if (!state.deployed()) {
      if (state.lastTxId() == 0 && state.inbox().isEmpty() && state.outbox().lastSeqs().isEmpty()) {
        output.writeByte(NEVER_DEPLOYED);
        return;
      }
      output.writeByte(REMOVED);
      output.writeVarLong(state.lastTxId(), true);
      output.writeLong(state.lastTimestampMicros());
      writeProtocol(output, state);
      return;
    }
    output.writeByte(DEPLOYED);
    EventFormat.writeCode(output, state.code());
    EventFormat.writeSchema(output, state.schema());
    output.writeVarLong(state.lastTxId(), true);
    output.writeLong(state.lastTimestampMicros());
    var logged =
        state.schema().tables().stream()
            .filter(table -> table.persistence() == Persistence.LOGGED)
            .toList();
    output.writeVarInt(logged.size(), true);
    for (var schema : logged) {
      var table = state.tables().table(schema.name());
      output.writeString(schema.name());
      output.writeVarLong(table.nextAutoIncrement(), true);
      output.writeVarLong(table.size(), true);
      var rows = table.scan();
      while (rows.hasNext()) {
        EventFormat.writeBytes(output, RowCodec.encodeRow(schema, rows.next()));
      }
    }
    writeProtocol(output, state);
  }

  /** Subscribers, inbox, outbox and schedules: kept by deployed and removed modules alike. */
  private static void writeProtocol(Output output, ModuleState state) {
    var subscribers = state.subscribers().all();
    output.writeVarInt(subscribers.size(), true);
    subscribers.forEach(
        (subscriber, subscriptions) -> {
          output.writeString(subscriber);
          EventFormat.writeSubscriptions(output, subscriptions);
        });
    output.writeVarInt(state.inbox().size(), true);
    state
        .inbox()
        .forEach(
            (sender, seq) -> {
              output.writeString(sender);
              output.writeVarLong(seq, true);
            });
    var lastSeqs = state.outbox().lastSeqs();
    output.writeVarInt(lastSeqs.size(), true);
    lastSeqs.forEach(
        (target, seq) -> {
          output.writeString(target);
          output.writeVarLong(seq, true);
        });
    var unacknowledged = state.outbox().unacknowledged();
    output.writeVarInt(unacknowledged.size(), true);
    unacknowledged.forEach(entry -> EventFormat.writeOutboxEntry(output, entry));
    output.writeVarLong(state.schedules().lastId(), true);
    output.writeVarInt(state.schedules().all().size(), true);
    state.schedules().all().forEach(schedule -> EventFormat.writeSchedule(output, schedule));
    var keys = state.idempotency().entries();
    output.writeVarInt(keys.size(), true);
    for (var entry : keys) {
      output.writeString(entry.key());
      output.writeLong(entry.fingerprint());
      output.writeVarLong(entry.txId(), true);
      output.writeLong(entry.timestampMicros());
    }
    var history = state.history();
    output.writeVarInt(history.size(), true);
    for (var installation : history) {
      output.writeByte(installation.kind().ordinal());
      output.writeVarInt(installation.version(), true);
      output.writeString(installation.code());
      output.writeLong(installation.timestampMicros());
    }
  }

  @Override
  public ModuleState read(Kryo kryo, Input input, Class<? extends ModuleState> type) {
    int version = EventFormat.readVersion(input, WHAT, VERSION_NO_KEYS, VERSION);
    var name = input.readString();
    int deployed = input.readByte();
    if (deployed == NEVER_DEPLOYED) {
      return ModuleState.empty(name);
    }
    if (deployed == REMOVED) {
      var removed = ModuleState.restoredRemoved(name, input.readVarLong(true), input.readLong());
      readProtocol(input, removed, version);
      return removed;
    }
    if (deployed != DEPLOYED) {
      throw new IllegalStateException(
          "snapshot of module " + name + " has the unknown deployment state " + deployed);
    }
    var code = EventFormat.readCode(input);
    var schema = EventFormat.readSchema(input);
    long lastTxId = input.readVarLong(true);
    long lastTimestamp = input.readLong();
    var tables = ModuleTables.create(schema);
    int tableCount = input.readVarInt(true);
    for (int t = 0; t < tableCount; t++) {
      var tableName = input.readString();
      var tableSchema =
          schema
              .table(tableName)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "snapshot of module " + name + " has unknown table " + tableName));
      var table = tables.table(tableName);
      long nextAutoIncrement = input.readVarLong(true);
      long rows = input.readVarLong(true);
      for (long r = 0; r < rows; r++) {
        table.put(RowCodec.decodeRow(tableSchema, EventFormat.readBytes(input)));
      }
      table.nextAutoIncrement(nextAutoIncrement);
    }
    var state = ModuleState.restored(name, code, schema, tables, lastTxId, lastTimestamp);
    readProtocol(input, state, version);
    return state;
  }

  private static void readProtocol(Input input, ModuleState state, int version) {
    int subscriberCount = input.readVarInt(true);
    for (int i = 0; i < subscriberCount; i++) {
      var subscriber = input.readString();
      state.subscribers().replace(subscriber, EventFormat.readSubscriptions(input));
    }
    int inboxCount = input.readVarInt(true);
    for (int i = 0; i < inboxCount; i++) {
      state.inbox().put(input.readString(), input.readVarLong(true));
    }
    int targets = input.readVarInt(true);
    for (int i = 0; i < targets; i++) {
      state.outbox().restoreLastSeq(input.readString(), input.readVarLong(true));
    }
    int unacknowledged = input.readVarInt(true);
    for (int i = 0; i < unacknowledged; i++) {
      state.outbox().restoreEntry(EventFormat.readOutboxEntry(input));
    }
    state.schedules().restoreLastId(input.readVarLong(true));
    int schedules = input.readVarInt(true);
    for (int i = 0; i < schedules; i++) {
      state.schedules().restore(EventFormat.readSchedule(input));
    }
    if (version == VERSION_NO_KEYS) {
      return;
    }
    int keys = input.readVarInt(true);
    for (int i = 0; i < keys; i++) {
      var key = input.readString();
      long fingerprint = input.readLong();
      long txId = input.readVarLong(true);
      state
          .idempotency()
          .restore(new IdempotencyWindow.Entry(key, fingerprint, txId, input.readLong()));
    }
    if (version == VERSION_NO_HISTORY) {
      return;
    }
    var kinds = ModuleInfo.Installation.Kind.values();
    int installations = input.readVarInt(true);
    for (int i = 0; i < installations; i++) {
      int kind = input.readByte();
      if (kind < 0 || kind >= kinds.length) {
        throw new IllegalStateException(
            "snapshot of module " + state.name() + " has the unknown installation kind " + kind);
      }
      state.restoreInstallation(
          new ModuleInfo.Installation(
              kinds[kind], input.readVarInt(true), input.readString(), input.readLong()));
    }
  }
}
