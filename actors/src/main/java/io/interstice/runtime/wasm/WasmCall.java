package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.CallLog;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.TxEnvironment;
import io.interstice.runtime.table.ConstraintViolationException;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.runtime.table.NoSuchRowException;
import io.interstice.runtime.table.Table;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The host side of one call into a guest: what each import of ABI version 1 does ({@link
 * WasmImports} binds them), against the call's transaction (a reducer) or the committed tables (a
 * query), with the call's open iterators ({@link GuestCursors}) and random generator. What the
 * guest passes is read through {@link GuestMemory} and checked by {@link GuestInput}; a guest that
 * breaks the ABI makes an import throw {@link GuestFault}, which aborts the call. Confined to the
 * call's thread.
 */
final class WasmCall {
  /**
   * The limits of a query's messages and log lines. A query has no transaction to bring the
   * module's configured limits; it gets the defaults, and the module actor cuts the error it
   * returns with the configured max-message-length.
   */
  private static final ModuleLimits QUERY_LIMITS = ModuleLimits.defaults();

  private final String label;
  private final ModuleSchema schema;
  private final ModuleTables tables;
  private final TxEnvironment environment;
  private final String caller;
  private final ModuleLimits limits;
  private final GuestCursors cursors = new GuestCursors();
  private final CallLog log;
  private SplittableRandom random;
  private Instance instance;

  private WasmCall(
      String label,
      ModuleSchema schema,
      ModuleTables tables,
      TxEnvironment environment,
      String caller) {
    this.label = label;
    this.schema = schema;
    this.tables = tables;
    this.environment = environment;
    this.caller = caller;
    this.limits = environment == null ? QUERY_LIMITS : environment.limits();
    this.log =
        new CallLog(
            schema == null ? "?" : schema.name(),
            label,
            environment == null ? 0 : environment.txId(),
            limits);
  }

  /** A call of reducer {@code reducer} in {@code environment}'s transaction. */
  static WasmCall reducer(ModuleSchema schema, String reducer, TxEnvironment environment) {
    return new WasmCall(
        "module " + schema.name() + " reducer " + reducer,
        schema,
        environment.transaction().tables(),
        environment,
        environment.caller());
  }

  /** A call of query {@code query} on committed tables. */
  static WasmCall query(ModuleSchema schema, String query, ModuleTables tables, String caller) {
    return new WasmCall(
        "module " + schema.name() + " query " + query, schema, tables, null, caller);
  }

  /** The instance a deploy describes: every import traps. */
  static WasmCall unbound(String what) {
    return new WasmCall(what, null, null, null, null);
  }

  void attach(Instance instance) {
    this.instance = instance;
  }

  /** Ends the call: open iterators are released. */
  void finish() {
    cursors.clear();
  }

  /** The trap of this call, its message cut: much of it may be the guest's own text. */
  WasmTrapException trap(String message, Throwable cause) {
    return new WasmTrapException(
        BoundedText.cut(label + " trapped: " + message, limits.maxMessageLength()), cause);
  }

  // ---- memory (GuestMemory, on the instance this call runs on) ----------------------------

  private byte[] read(int ptr, int len) {
    return GuestMemory.read(instance, ptr, len);
  }

  /** Allocates a guest buffer and copies {@code bytes} there; returns its pointer. */
  int allocate(byte[] bytes) {
    return GuestMemory.allocate(instance, bytes);
  }

  private void fillOut(int out, byte[] bytes) {
    GuestMemory.fillOut(instance, out, bytes);
  }

  private String utf8(int ptr, int len) {
    return GuestMemory.utf8(instance, ptr, len);
  }

  // ---- ids and values (GuestInput, against this call's schema) ---------------------------

  private TableSchema tableSchema(int table) {
    requireBound();
    return GuestInput.table(schema, table);
  }

  private Table table(int id) {
    return tables.table(tableSchema(id).name());
  }

  private TxEnvironment writer(String what) {
    requireBound();
    if (environment == null) {
      throw new GuestFault(what + " is not allowed in a query");
    }
    return environment;
  }

  private void requireBound() {
    if (schema == null) {
      throw new GuestFault("no import may be called while the module describes itself");
    }
  }

  // ---- imports (bound by WasmImports) ------------------------------------------------------

  long insert(int table, int ptr, int len, int out) {
    var env = writer("table_insert");
    var schemaOf = tableSchema(table);
    var row = GuestInput.row(schemaOf, read(ptr, len));
    return written(out, schemaOf, () -> env.transaction().insert(schemaOf.name(), row));
  }

  long get(int table, int ptr, int len, int out) {
    var schemaOf = tableSchema(table);
    var row = tables.table(schemaOf.name()).get(GuestInput.key(schemaOf, read(ptr, len)));
    if (row == null) {
      return WasmAbi.NOT_FOUND;
    }
    fillOut(out, RowCodec.encodeRow(schemaOf, row));
    return WasmAbi.STATUS_OK;
  }

  long update(int table, int ptr, int len, int out) {
    var env = writer("table_update");
    var schemaOf = tableSchema(table);
    var row = GuestInput.row(schemaOf, read(ptr, len));
    try {
      return written(out, schemaOf, () -> env.transaction().update(schemaOf.name(), row));
    } catch (NoSuchRowException e) {
      return WasmAbi.NOT_FOUND;
    }
  }

  /** Fills {@code out} with the row {@code write} stored, or with the constraint it broke. */
  private long written(int out, TableSchema table, Supplier<Object[]> write) {
    Object[] stored;
    try {
      stored = write.get();
    } catch (ConstraintViolationException e) {
      fillOut(out, e.getMessage().getBytes(StandardCharsets.UTF_8));
      return WasmAbi.TAKEN;
    }
    fillOut(out, RowCodec.encodeRow(table, stored));
    return WasmAbi.STATUS_OK;
  }

  long delete(int table, int ptr, int len) {
    var env = writer("table_delete");
    var schemaOf = tableSchema(table);
    var key = GuestInput.key(schemaOf, read(ptr, len));
    return env.transaction().delete(schemaOf.name(), key) ? WasmAbi.STATUS_OK : WasmAbi.NOT_FOUND;
  }

  long scan(int table) {
    var schemaOf = tableSchema(table);
    return cursors.open(schemaOf, () -> table(table).scan());
  }

  long lookup(int table, int index, int ptr, int len) {
    var schemaOf = tableSchema(table);
    var indexOf = GuestInput.index(schemaOf, index);
    var key = GuestInput.indexKey(schemaOf, indexOf, read(ptr, len));
    return cursors.open(schemaOf, table(table).findAll(indexOf.name(), key));
  }

  long range(int table, int index, int fromPtr, int fromLen, int toPtr, int toLen) {
    var schemaOf = tableSchema(table);
    var indexOf = GuestInput.btreeIndex(schemaOf, index);
    var from = fromLen == 0 ? null : GuestInput.indexKey(schemaOf, indexOf, read(fromPtr, fromLen));
    var to = toLen == 0 ? null : GuestInput.indexKey(schemaOf, indexOf, read(toPtr, toLen));
    return cursors.open(schemaOf, table(table).range(indexOf.name(), from, to));
  }

  long next(int iterator, int out) {
    var cursor = cursors.get(iterator);
    if (!cursor.rows().hasNext()) {
      return WasmAbi.NOT_FOUND;
    }
    fillOut(out, RowCodec.encodeRow(cursor.table(), cursor.rows().next()));
    return WasmAbi.STATUS_OK;
  }

  long close(int iterator) {
    cursors.close(iterator);
    return 0;
  }

  long log(int ptr, int len) {
    if (!log.dropped()) {
      log.line(utf8(ptr, len));
    }
    return 0;
  }

  long timestamp() {
    var env = writer("timestamp_micros");
    return Micros.of(env.timestamp());
  }

  long random() {
    var env = writer("random_u64");
    if (random == null) {
      random = new SplittableRandom(env.seed());
    }
    return random.nextLong();
  }

  long caller(int out) {
    requireBound();
    fillOut(out, caller.getBytes(StandardCharsets.UTF_8));
    return 0;
  }

  long schedule(int reducer, long delay, long interval, int ptr, int len) {
    var env = writer("schedule");
    var target = GuestInput.scheduled(schema, reducer, delay, interval);
    var json = GuestInput.scheduleArgs(target, read(ptr, len));
    return env.schedule(target.name(), json, delay, interval);
  }

  long cancel(long id) {
    return writer("cancel_schedule").cancel(id) ? WasmAbi.STATUS_OK : WasmAbi.NOT_FOUND;
  }

  long call(
      int modulePtr, int moduleLen, int reducerPtr, int reducerLen, int argsPtr, int argsLen) {
    var env = writer("call");
    var module = utf8(modulePtr, moduleLen);
    var reducer = utf8(reducerPtr, reducerLen);
    // Names and size first: a refused call's arguments are not worth reading, let alone parsing.
    env.checkCall(module, reducer, Integer.toUnsignedLong(argsLen));
    var json = read(argsPtr, argsLen);
    GuestInput.requireJsonArray("call of " + module + "." + reducer, json);
    env.call(module, reducer, json);
    return 0;
  }
}
