package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.module.BoundedText;
import io.interstice.runtime.module.CallLog;
import io.interstice.runtime.module.Micros;
import io.interstice.runtime.module.ModuleLimits;
import io.interstice.runtime.module.TxEnvironment;
import io.interstice.runtime.table.ConstraintViolationException;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.runtime.table.NoSuchRowException;
import io.interstice.runtime.table.Table;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The host side of one call into a guest: the imports of ABI version 1 bound to the call's
 * transaction (a reducer) or to the committed tables (a query), its open iterators and random
 * generator. A guest that breaks the ABI makes an import throw {@link GuestFault}, which aborts the
 * call. Confined to the call's thread.
 */
final class WasmCall {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  String label() {
    return label;
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

  static String reason(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "call stack exhausted";
    }
    if (e instanceof com.dylibso.chicory.runtime.WasmException) {
      var thrown = (com.dylibso.chicory.runtime.WasmException) e;
      return "the guest threw a WebAssembly exception (tag "
          + thrown.tagIdx()
          + ") that nothing caught";
    }
    var message = e.getMessage();
    // Never an engine's class name: the caller learns what went wrong, not how we run guests.
    return e instanceof GuestFault || message != null && !message.isBlank()
        ? message
        : "the guest failed without a message (" + failureKind(e) + ")";
  }

  private static String failureKind(Throwable e) {
    var name = e.getClass().getSimpleName();
    return name.isEmpty()
        ? "unnamed failure"
        : name.replaceAll("(Exception|Error)$", "").toLowerCase(java.util.Locale.ROOT);
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

  // ---- ids and values -----------------------------------------------------------------------

  private TableSchema tableSchema(int table) {
    requireBound();
    if (table < 0 || table >= schema.tables().size()) {
      throw new GuestFault("unknown table " + table);
    }
    return schema.tables().get(table);
  }

  private Table table(int id) {
    return tables.table(tableSchema(id).name());
  }

  private IndexSchema index(TableSchema table, int index) {
    if (index < 0 || index >= table.indexes().size()) {
      throw new GuestFault("table " + table.name() + " has no index " + index);
    }
    return table.indexes().get(index);
  }

  private Object[] row(TableSchema table, int ptr, int len) {
    try {
      var row = RowCodec.decodeRow(table, read(ptr, len));
      table.checkRow(row);
      return row;
    } catch (GuestFault e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GuestFault("a bad row for table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  private Object key(TableSchema table, int ptr, int len) {
    try {
      return RowCodec.decodeValue(table.primaryKeyColumn().type(), read(ptr, len));
    } catch (GuestFault e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GuestFault("a bad key for table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  private Object indexKey(TableSchema table, IndexSchema index, int ptr, int len) {
    var types = new ArrayList<Type>();
    for (int column : index.columns()) {
      types.add(table.columns().get(column).type());
    }
    Object[] values;
    try {
      values = RowCodec.decodeValues(types, read(ptr, len));
    } catch (GuestFault e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GuestFault(
          "a bad key for index " + table.name() + "." + index.name() + ": " + e.getMessage(), e);
    }
    return values.length == 1 ? values[0] : Arrays.asList(values);
  }

  private Object[] args(List<Type> types, int ptr, int len, String what) {
    try {
      return RowCodec.decodeValues(types, read(ptr, len));
    } catch (GuestFault e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GuestFault("bad arguments for " + what + ": " + e.getMessage(), e);
    }
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

  private int open(TableSchema table, Iterable<Object[]> rows) {
    return cursors.open(table, rows);
  }

  // ---- imports ------------------------------------------------------------------------------

  /**
   * The imports of one instance, reused across calls: each runs against the call {@code current}
   * holds when the guest calls it.
   */
  static List<HostFunction> hostFunctions(Supplier<WasmCall> current) {
    var functions = new ArrayList<HostFunction>();
    add(functions, current, "table_insert", (c, a) -> c.insert(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    add(functions, current, "table_get_by_pk", (c, a) -> c.get(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    add(functions, current, "table_update", (c, a) -> c.update(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    add(functions, current, "table_delete", (c, a) -> c.delete(i(a[0]), i(a[1]), i(a[2])));
    add(functions, current, "table_scan", (c, a) -> c.scan(i(a[0])));
    add(functions, current, "index_lookup", (c, a) -> c.lookup(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    add(
        functions,
        current,
        "index_range",
        (c, a) -> c.range(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5])));
    add(functions, current, "iter_next", (c, a) -> c.next(i(a[0]), i(a[1])));
    add(functions, current, "iter_close", (c, a) -> c.close(i(a[0])));
    add(functions, current, "log", (c, a) -> c.log(i(a[0]), i(a[1])));
    add(functions, current, "timestamp_micros", (c, a) -> c.timestamp());
    add(functions, current, "random_u64", (c, a) -> c.random());
    add(functions, current, "caller", (c, a) -> c.caller(i(a[0])));
    add(
        functions,
        current,
        "schedule",
        (c, a) -> c.schedule(i(a[0]), a[1], a[2], i(a[3]), i(a[4])));
    add(functions, current, "cancel_schedule", (c, a) -> c.cancel(a[0]));
    add(
        functions,
        current,
        "call",
        (c, a) -> c.call(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5])));
    return functions;
  }

  private static int i(long value) {
    return (int) value;
  }

  /** An import's body; imports without a result return 0, which is dropped. */
  private interface Import {
    long apply(WasmCall call, long[] args);
  }

  private static void add(
      List<HostFunction> functions, Supplier<WasmCall> current, String name, Import body) {
    var type = WasmAbi.IMPORTS.get(name);
    boolean returns = !type.returns().isEmpty();
    WasmFunctionHandle handle =
        (guest, args) -> {
          var call = current.get();
          if (call == null) {
            throw new GuestFault(name + " was called outside a call from the host");
          }
          long result = body.apply(call, args);
          return returns ? new long[] {result} : null;
        };
    functions.add(new HostFunction(WasmAbi.IMPORT_MODULE, name, type, handle));
  }

  private long insert(int table, int ptr, int len, int out) {
    var env = writer("table_insert");
    var schemaOf = tableSchema(table);
    var row = row(schemaOf, ptr, len);
    Object[] stored;
    try {
      stored = env.transaction().insert(schemaOf.name(), row);
    } catch (ConstraintViolationException e) {
      fillOut(out, e.getMessage().getBytes(StandardCharsets.UTF_8));
      return WasmAbi.TAKEN;
    }
    fillOut(out, RowCodec.encodeRow(schemaOf, stored));
    return WasmAbi.STATUS_OK;
  }

  private long get(int table, int ptr, int len, int out) {
    var schemaOf = tableSchema(table);
    var row = tables.table(schemaOf.name()).get(key(schemaOf, ptr, len));
    if (row == null) {
      return WasmAbi.NOT_FOUND;
    }
    fillOut(out, RowCodec.encodeRow(schemaOf, row));
    return WasmAbi.STATUS_OK;
  }

  private long update(int table, int ptr, int len, int out) {
    var env = writer("table_update");
    var schemaOf = tableSchema(table);
    var row = row(schemaOf, ptr, len);
    Object[] stored;
    try {
      stored = env.transaction().update(schemaOf.name(), row);
    } catch (NoSuchRowException e) {
      return WasmAbi.NOT_FOUND;
    } catch (ConstraintViolationException e) {
      fillOut(out, e.getMessage().getBytes(StandardCharsets.UTF_8));
      return WasmAbi.TAKEN;
    }
    fillOut(out, RowCodec.encodeRow(schemaOf, stored));
    return WasmAbi.STATUS_OK;
  }

  private long delete(int table, int ptr, int len) {
    var env = writer("table_delete");
    var schemaOf = tableSchema(table);
    return env.transaction().delete(schemaOf.name(), key(schemaOf, ptr, len))
        ? WasmAbi.STATUS_OK
        : WasmAbi.NOT_FOUND;
  }

  private long scan(int table) {
    var schemaOf = tableSchema(table);
    return open(schemaOf, () -> table(table).scan());
  }

  private long lookup(int table, int index, int ptr, int len) {
    var schemaOf = tableSchema(table);
    var indexOf = index(schemaOf, index);
    var key = indexKey(schemaOf, indexOf, ptr, len);
    return open(schemaOf, table(table).findAll(indexOf.name(), key));
  }

  private long range(int table, int index, int fromPtr, int fromLen, int toPtr, int toLen) {
    var schemaOf = tableSchema(table);
    var indexOf = index(schemaOf, index);
    if (indexOf.kind() != IndexKind.BTREE) {
      throw new GuestFault(
          "index_range on " + schemaOf.name() + "." + indexOf.name() + ", not a btree index");
    }
    var from = fromLen == 0 ? null : indexKey(schemaOf, indexOf, fromPtr, fromLen);
    var to = toLen == 0 ? null : indexKey(schemaOf, indexOf, toPtr, toLen);
    return open(schemaOf, table(table).range(indexOf.name(), from, to));
  }

  private long next(int iterator, int out) {
    var cursor = cursors.get(iterator);
    if (!cursor.rows().hasNext()) {
      return WasmAbi.NOT_FOUND;
    }
    fillOut(out, RowCodec.encodeRow(cursor.table(), cursor.rows().next()));
    return WasmAbi.STATUS_OK;
  }

  private long close(int iterator) {
    cursors.close(iterator);
    return 0;
  }

  private long log(int ptr, int len) {
    if (!log.dropped()) {
      log.line(utf8(ptr, len));
    }
    return 0;
  }

  private long timestamp() {
    var env = writer("timestamp_micros");
    return Micros.of(env.timestamp());
  }

  private long random() {
    var env = writer("random_u64");
    if (random == null) {
      random = new SplittableRandom(env.seed());
    }
    return random.nextLong();
  }

  private long caller(int out) {
    requireBound();
    fillOut(out, caller.getBytes(StandardCharsets.UTF_8));
    return 0;
  }

  private long schedule(int reducer, long delay, long interval, int ptr, int len) {
    var env = writer("schedule");
    if (reducer < 0 || reducer >= schema.reducers().size()) {
      throw new GuestFault("schedule of unknown reducer " + reducer);
    }
    var target = schema.reducers().get(reducer);
    if (delay < 0 || interval < 0) {
      throw new GuestFault("schedule of " + target.name() + " with a negative delay or interval");
    }
    var values = args(target.paramTypes(), ptr, len, "schedule of " + target.name());
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(ValueJson.writeArgs(target.params(), values));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write arguments as JSON", e);
    }
    return env.schedule(target.name(), json, delay, interval);
  }

  private long cancel(long id) {
    return writer("cancel_schedule").cancel(id) ? WasmAbi.STATUS_OK : WasmAbi.NOT_FOUND;
  }

  private long call(
      int modulePtr, int moduleLen, int reducerPtr, int reducerLen, int argsPtr, int argsLen) {
    var env = writer("call");
    var module = utf8(modulePtr, moduleLen);
    var reducer = utf8(reducerPtr, reducerLen);
    // Names and size first: a refused call's arguments are not worth reading, let alone parsing.
    env.checkCall(module, reducer, Integer.toUnsignedLong(argsLen));
    var json = read(argsPtr, argsLen);
    try {
      if (!JSON.readTree(json).isArray()) {
        throw new GuestFault(
            "call of " + module + "." + reducer + ": arguments are not a JSON array");
      }
    } catch (IOException e) {
      throw new GuestFault("call of " + module + "." + reducer + ": arguments are not JSON", e);
    }
    env.call(module, reducer, json);
    return 0;
  }
}
