package io.interstice.runtime.cluster;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.sdk.codec.BinaryFormatException;
import io.interstice.sdk.codec.BinaryReader;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * Reads what {@link WireWriter} wrote, refusing anything it would not have written: every failure
 * is an exception of the SDK's codecs ({@link BinaryFormatException} and its kin) with the offset.
 * Collections come back unmodifiable. Not thread-safe: one per message.
 */
final class WireReader {
  private final BinaryReader in;
  private final ActorRefResolver refs;

  WireReader(byte[] bytes, ActorRefResolver refs) {
    this.in = new BinaryReader(bytes);
    this.refs = refs;
  }

  int u8() {
    return in.u8();
  }

  boolean bool() {
    return flag("boolean");
  }

  int i32() {
    return in.i32();
  }

  long i64() {
    return in.i64();
  }

  int varint() {
    return in.varint();
  }

  byte[] bytes() {
    return in.bytes().toArray();
  }

  String text() {
    return in.string();
  }

  String optionalText() {
    return flag("presence flag") ? text() : null;
  }

  Set<String> texts() {
    int count = in.count("string count");
    var texts = new LinkedHashSet<String>(count * 2);
    for (int i = 0; i < count; i++) {
      texts.add(text());
    }
    return Collections.unmodifiableSet(texts);
  }

  /** An actor of this node or another, as {@link ActorRefResolver} resolves its path. */
  <T> ActorRef<T> ref() {
    return refs.resolveActorRef(text());
  }

  ModuleCode code() {
    int at = in.position();
    int kind = in.u8();
    if (kind == WireCodes.CODE_JAVA_CLASS) {
      return new ModuleCode.JavaClass(text());
    }
    if (kind == WireCodes.CODE_WASM) {
      return new ModuleCode.Wasm(bytes());
    }
    throw new BinaryFormatException(at, "unknown module code kind " + kind);
  }

  Args args() {
    int at = in.position();
    int kind = in.u8();
    if (kind == WireCodes.ARGS_VALUES) {
      return new Args.Values(TaggedValues.readList(in));
    }
    if (kind == WireCodes.ARGS_JSON) {
      return new Args.Json(text());
    }
    throw new BinaryFormatException(at, "unknown arguments kind " + kind);
  }

  ErrorKind errorKind() {
    return WireCodes.errorKind(in);
  }

  LiveUpdate.Kind rowChange() {
    return WireCodes.rowChange(in);
  }

  ModuleSchema schema() {
    return SchemaCodec.decode(bytes());
  }

  TableSchema table() {
    return SchemaCodec.readTable(in);
  }

  Type type() {
    return SchemaCodec.readType(in);
  }

  Object value(Type type) {
    return RowCodec.readValue(in, type);
  }

  Object[] row(TableSchema table) {
    var columns = table.columns();
    var row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = RowCodec.readValue(in, columns.get(i).type());
    }
    return row;
  }

  /**
   * A varint count of items that each take at least {@code minBytes} bytes: refused when they
   * cannot fit in what is left, so damaged input cannot make a reader allocate huge arrays. With
   * {@code minBytes} 0 nothing bounds the count: allocate for it with care.
   */
  int count(String what, int minBytes) {
    int at = in.position();
    int count = in.varint();
    if ((long) count * minBytes > in.remaining()) {
      throw new BinaryFormatException(
          at, what + " " + count + " does not fit in the " + in.remaining() + " bytes left");
    }
    return count;
  }

  Object[] taggedRow() {
    return TaggedValues.readRow(in);
  }

  Object[] optionalTaggedRow() {
    return flag("presence flag") ? taggedRow() : null;
  }

  List<SubscriptionSchema> subscriptions() {
    int count = in.count("subscription count");
    var subscriptions = new ArrayList<SubscriptionSchema>(count);
    for (int i = 0; i < count; i++) {
      var module = text();
      var table = text();
      var event = WireCodes.rowEvent(in);
      subscriptions.add(new SubscriptionSchema(module, table, event, text()));
    }
    return Collections.unmodifiableList(subscriptions);
  }

  ModuleInfo info() {
    var name = text();
    int version = i32();
    var code = text();
    var schema = flag("presence flag") ? schema() : null;
    long lastTxId = i64();
    var recovery =
        flag("presence flag") ? new ModuleInfo.RecoveryInfo(i64(), i64(), i64(), i64()) : null;
    var engine = optionalText();
    var problem = optionalText();
    // An installation takes at least 14 bytes: kind, version, an empty code, timestamp.
    int installations = count("installation count", 14);
    var kinds = ModuleInfo.Installation.Kind.values();
    var history = new java.util.ArrayList<ModuleInfo.Installation>(installations);
    for (int i = 0; i < installations; i++) {
      int at = in.position();
      int kind = u8();
      if (kind >= kinds.length) {
        throw new BinaryFormatException(at, "unknown installation kind " + kind);
      }
      history.add(new ModuleInfo.Installation(kinds[kind], i32(), text(), i64()));
    }
    return new ModuleInfo(
        name, version, code, schema, lastTxId, recovery, engine, problem, history);
  }

  void requireEnd(String after) {
    in.requireEnd(after);
  }

  private boolean flag(String what) {
    int at = in.position();
    int b = in.u8();
    if (b > 1) {
      throw new BinaryFormatException(at, "invalid " + what + " " + b + " (expected 0 or 1)");
    }
    return b == 1;
  }
}
