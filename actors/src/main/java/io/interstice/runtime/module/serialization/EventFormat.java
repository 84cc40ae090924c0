package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.code.LogCode;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.schedule.Schedule;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.schema.SubscriptionSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Pieces shared by the module serializers: the format version byte, module code and schema. All
 * integers use Kryo's encodings: {@code varint}/{@code varlong} are unsigned LEB128 (7 bits per
 * byte, low groups first), fixed {@code long}s are 8 bytes little-endian, strings are Kryo strings
 * ({@code Output.writeString}: an ASCII string of two or more characters is its bytes with the high
 * bit of the last one set; any other is its length + 1 in a flagged varint, then UTF-8), byte
 * arrays a varint length then the bytes.
 *
 * <p>Module code: {@code u8 kind} (1 = Java class, 2 = WebAssembly) then for a Java class its name
 * as a string, for WebAssembly the binary as a varint length and that many bytes. Schema: a byte
 * array holding {@link SchemaCodec}'s encoding (docs/schema-encoding.md).
 */
final class EventFormat {
  /**
   * Current version of every module event format but {@code TxCommitted}'s, which has its own
   * ({@link TxCommittedSerializer#VERSION}), as has the snapshot's ({@link
   * ModuleStateSerializer#VERSION}).
   */
  static final int VERSION = 1;

  static final int CODE_JAVA_CLASS = 1;
  static final int CODE_WASM = 2;

  private EventFormat() {}

  static void writeVersion(Output output) {
    output.writeByte(VERSION);
  }

  /**
   * @throws IllegalStateException for a version this code cannot read
   */
  static void readVersion(Input input, String what) {
    readVersion(input, what, VERSION, VERSION);
  }

  /**
   * Reads the version byte of a format this code reads in versions {@code oldest} to {@code
   * newest}; returns it.
   *
   * @throws IllegalStateException for a version outside that range
   */
  static int readVersion(Input input, String what, int oldest, int newest) {
    int version = input.readByte() & 0xff;
    if (version < oldest || version > newest) {
      throw new IllegalStateException(
          what
              + " has format version "
              + version
              + "; this runtime reads "
              + (oldest == newest ? "version " + oldest : "versions " + oldest + " to " + newest));
    }
    return version;
  }

  static void writeBytes(Output output, byte[] bytes) {
    output.writeVarInt(bytes.length, true);
    output.writeBytes(bytes);
  }

  static byte[] readBytes(Input input) {
    int length = input.readVarInt(true);
    return input.readBytes(length);
  }

  static void writeCode(Output output, ModuleCode code) {
    if (code instanceof ModuleCode.JavaClass javaClass) {
      output.writeByte(CODE_JAVA_CLASS);
      output.writeString(javaClass.className());
    } else {
      output.writeByte(CODE_WASM);
      writeBytes(output, ((ModuleCode.Wasm) code).bytes());
    }
  }

  static ModuleCode readCode(Input input) {
    int kind = input.readByte() & 0xff;
    return switch (kind) {
      case CODE_JAVA_CLASS -> new ModuleCode.JavaClass(input.readString());
      case CODE_WASM -> new ModuleCode.Wasm(readBytes(input));
      default -> throw new IllegalStateException("unknown module code kind " + kind);
    };
  }

  /** Outbox entry: target, seq varlong, u8 kind, reducer, JSON args bytes, depth varint, cause. */
  static void writeOutboxEntry(Output output, OutboxEntry entry) {
    output.writeString(entry.target());
    output.writeVarLong(entry.seq(), true);
    output.writeByte(entry.kind().code());
    output.writeString(entry.reducer());
    writeBytes(output, entry.args());
    output.writeVarInt(entry.depth(), true);
    output.writeString(entry.cause());
  }

  static OutboxEntry readOutboxEntry(Input input) {
    var target = input.readString();
    long seq = input.readVarLong(true);
    var kind = LogCode.decode(OutboxEntry.Kind.class, input.readByte() & 0xff, "outbox entry kind");
    var reducer = input.readString();
    var args = readBytes(input);
    int depth = input.readVarInt(true);
    return new OutboxEntry(target, seq, kind, reducer, args, depth, input.readString());
  }

  /** Schedule: id varlong, reducer, JSON args bytes, due long (µs), interval varlong (µs). */
  static void writeSchedule(Output output, Schedule schedule) {
    output.writeVarLong(schedule.id(), true);
    output.writeString(schedule.reducer());
    writeBytes(output, schedule.args());
    output.writeLong(schedule.dueMicros());
    output.writeVarLong(schedule.intervalMicros(), true);
  }

  static Schedule readSchedule(Input input) {
    long id = input.readVarLong(true);
    var reducer = input.readString();
    var args = readBytes(input);
    long due = input.readLong();
    return new Schedule(id, reducer, args, due, input.readVarLong(true));
  }

  /**
   * Subscriptions: count varint, then each: module, table, u8 event (0 insert, 1 update, 2 delete),
   * reducer.
   */
  static void writeSubscriptions(Output output, List<SubscriptionSchema> subscriptions) {
    output.writeVarInt(subscriptions.size(), true);
    for (var subscription : subscriptions) {
      output.writeString(subscription.module());
      output.writeString(subscription.table());
      output.writeByte(subscription.event().ordinal());
      output.writeString(subscription.reducer());
    }
  }

  static List<SubscriptionSchema> readSubscriptions(Input input) {
    int count = input.readVarInt(true);
    var subscriptions = new ArrayList<SubscriptionSchema>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      var module = input.readString();
      var table = input.readString();
      int event = input.readByte() & 0xff;
      if (event >= RowEvent.values().length) {
        throw new IllegalStateException("unknown row event " + event);
      }
      subscriptions.add(
          new SubscriptionSchema(module, table, RowEvent.values()[event], input.readString()));
    }
    return subscriptions;
  }

  /** The fields of ModuleDeployed and ModuleUpgraded: code, schema and timestamp. */
  record Installation(ModuleCode code, ModuleSchema schema, long timestampMicros) {}

  /** ModuleDeployed and ModuleUpgraded: format version, code, schema, timestamp long (µs). */
  static void writeInstallation(
      Output output, ModuleCode code, ModuleSchema schema, long timestampMicros) {
    writeVersion(output);
    writeCode(output, code);
    writeSchema(output, schema);
    output.writeLong(timestampMicros);
  }

  static Installation readInstallation(Input input, String what) {
    readVersion(input, what);
    var code = readCode(input);
    var schema = readSchema(input);
    return new Installation(code, schema, input.readLong());
  }

  static void writeSchema(Output output, ModuleSchema schema) {
    writeBytes(output, SchemaCodec.encode(schema));
  }

  static ModuleSchema readSchema(Input input) {
    return SchemaCodec.decode(readBytes(input));
  }
}
