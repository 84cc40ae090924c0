package io.interstice.runtime.cluster;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.sdk.codec.BinaryWriter;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Utf8;
import java.util.Collection;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * Writes the fields of one message between nodes in the parts {@link ClusterMessageSerializer}
 * documents, over the row encoding's primitives. Not thread-safe: one per message.
 */
final class WireWriter {
  private final BinaryWriter out = new BinaryWriter(64);
  private final ActorRefResolver refs;

  WireWriter(ActorRefResolver refs) {
    this.refs = refs;
  }

  WireWriter u8(int value) {
    out.u8(value);
    return this;
  }

  WireWriter bool(boolean value) {
    out.u8(value ? 1 : 0);
    return this;
  }

  WireWriter i32(int value) {
    out.i32(value);
    return this;
  }

  WireWriter i64(long value) {
    out.i64(value);
    return this;
  }

  WireWriter varint(int value) {
    out.varint(value);
    return this;
  }

  WireWriter bytes(byte[] value) {
    out.bytes(value);
    return this;
  }

  /**
   * A string that is not a value: a name, a message. An unpaired surrogate (which has no UTF-8
   * form) goes as U+FFFD, so that no text a guest wrote can keep an answer from being sent.
   */
  WireWriter text(String value) {
    out.string(Utf8.firstUnpairedSurrogate(value) < 0 ? value : wellFormed(value));
    return this;
  }

  /** u8 0 for null, else u8 1 and the text. */
  WireWriter optionalText(String value) {
    out.u8(value == null ? 0 : 1);
    return value == null ? this : text(value);
  }

  WireWriter texts(Collection<String> values) {
    out.varint(values.size());
    values.forEach(this::text);
    return this;
  }

  /** The actor's path with its node's address and uid ({@link ActorRefResolver}). */
  WireWriter ref(ActorRef<?> ref) {
    return text(refs.toSerializationFormat(ref));
  }

  WireWriter code(ModuleCode code) {
    if (code instanceof ModuleCode.JavaClass javaClass) {
      return u8(WireCodes.CODE_JAVA_CLASS).text(javaClass.className());
    }
    return u8(WireCodes.CODE_WASM).bytes(((ModuleCode.Wasm) code).bytes());
  }

  WireWriter args(Args args) {
    if (args instanceof Args.Values values) {
      out.u8(WireCodes.ARGS_VALUES);
      TaggedValues.writeList(out, values.values());
      return this;
    }
    return u8(WireCodes.ARGS_JSON).text(((Args.Json) args).json());
  }

  WireWriter errorKind(ErrorKind kind) {
    return u8(WireCodes.code(kind));
  }

  /** {@link SchemaCodec}'s encoding, as a varint length and the bytes. */
  WireWriter schema(ModuleSchema schema) {
    return bytes(SchemaCodec.encode(schema));
  }

  WireWriter table(TableSchema table) {
    SchemaCodec.writeTable(out, table);
    return this;
  }

  WireWriter type(Type type) {
    SchemaCodec.writeType(out, type);
    return this;
  }

  /** A value of a known type, in the row encoding. */
  WireWriter value(Type type, Object value) {
    RowCodec.writeValue(out, type, value);
    return this;
  }

  /** A row of {@code table}: its column values in the row encoding, one after the other. */
  WireWriter row(TableSchema table, Object[] row) {
    var columns = table.columns();
    if (row.length != columns.size()) {
      throw new IllegalArgumentException(
          "a row of table "
              + table.name()
              + " has "
              + columns.size()
              + " columns, found "
              + row.length
              + " values");
    }
    for (int i = 0; i < row.length; i++) {
      RowCodec.writeValue(out, columns.get(i).type(), row[i]);
    }
    return this;
  }

  /** A row whose types the message does not carry ({@link TaggedValues}). */
  WireWriter taggedRow(Object[] row) {
    TaggedValues.writeRow(out, row);
    return this;
  }

  /** u8 0 for null, else u8 1 and the tagged row. */
  WireWriter optionalTaggedRow(Object[] row) {
    out.u8(row == null ? 0 : 1);
    return row == null ? this : taggedRow(row);
  }

  /** Count, then each: module, table, u8 row event, reducer. */
  WireWriter subscriptions(List<SubscriptionSchema> subscriptions) {
    out.varint(subscriptions.size());
    for (var subscription : subscriptions) {
      text(subscription.module()).text(subscription.table());
      u8(WireCodes.code(subscription.event())).text(subscription.reducer());
    }
    return this;
  }

  /**
   * Name, i32 version, code, optional schema, i64 last transaction id, optional recovery (four i64:
   * transactions, events replayed, snapshot sequence number, milliseconds), optional engine,
   * optional problem, then the history: a count and each installation as u8 kind (0 deployed, 1
   * upgraded), i32 version, code, i64 timestamp (µs).
   */
  WireWriter info(ModuleInfo info) {
    text(info.name()).i32(info.version()).text(info.code());
    out.u8(info.schema() == null ? 0 : 1);
    if (info.schema() != null) {
      schema(info.schema());
    }
    i64(info.lastTxId());
    var recovery = info.recovery();
    out.u8(recovery == null ? 0 : 1);
    if (recovery != null) {
      i64(recovery.recoveredTransactions()).i64(recovery.replayedEvents());
      i64(recovery.snapshotSequenceNr()).i64(recovery.millis());
    }
    optionalText(info.engine()).optionalText(info.problem());
    out.varint(info.history().size());
    for (var installation : info.history()) {
      u8(installation.kind().ordinal()).i32(installation.version());
      text(installation.code()).i64(installation.timestampMicros());
    }
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private static String wellFormed(String text) {
    var fixed = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        fixed.append(c).append(text.charAt(++i));
      } else {
        fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return fixed.toString();
  }
}
