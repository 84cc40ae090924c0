package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.TxEnvironment;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.value.Values;
import java.nio.charset.StandardCharsets;

/**
 * A WebAssembly module of ABI version 1 ({@code modules/wasm-sdk/ABI.md}) on Chicory, as {@link
 * WasmModuleLoader} loaded it: its reducers and queries run as calls into the guest. The binary was
 * parsed and checked once, at load; the machine that runs it and the instance it runs on are its
 * {@link WasmEngine}'s, and the instance's imports serve whichever call is running. Every call runs
 * in a {@link GuestInvocation} under the limits of {@link WasmSettings}: a {@link CallDeadline}, a
 * {@link CappedMemory}, {@link CappedTable}s, and the call-depth limit.
 *
 * <p>A refusal of the guest (status 1) becomes a {@link ReducerException} with its message;
 * anything else that goes wrong in the guest becomes a {@link WasmTrapException}, and the instance
 * is dropped. Used by one module actor at a time.
 */
public final class WasmLoadedModule implements LoadedModule {
  private final ModuleCode.Wasm code;
  private final ModuleSchema schema;
  private final WasmEngine engine;
  private final GuestInvocation invocation;

  /** The call the instance's imports serve, while one runs. */
  private WasmCall current;

  /** What a call's export returned: its status, and its output unless a reducer succeeded. */
  private record Returned(int status, byte[] output) {}

  WasmLoadedModule(
      ModuleCode.Wasm code, WasmModule module, ModuleSchema schema, WasmSettings settings) {
    this.code = code;
    this.schema = schema;
    this.engine = new WasmEngine(code, module, settings, () -> current);
    this.invocation = GuestInvocation.calling(settings);
  }

  /** Starts compiling the module in the background, if the configured engine compiles. */
  void startCompiling() {
    engine.startCompiling();
  }

  /**
   * How this module's calls run: {@code compiled}, {@code interpreter} (the configured engine),
   * {@code interpreter (compiling)} while the compiled form is being made, or {@code interpreter
   * (…)} with the reason it could not be.
   */
  @Override
  public String engine() {
    return engine.describe();
  }

  @Override
  public boolean trapped(Throwable failure) {
    return failure instanceof WasmTrapException;
  }

  @Override
  public ModuleCode code() {
    return code;
  }

  @Override
  public ModuleSchema schema() {
    return schema;
  }

  @Override
  public void runReducer(ReducerSchema reducer, Object[] args, TxEnvironment environment) {
    int number = schema.reducers().indexOf(reducer);
    if (number < 0) {
      throw new IllegalStateException("no reducer " + reducer.name());
    }
    var call = WasmCall.reducer(schema, reducer.name(), environment);
    var encoded = RowCodec.encodeValues(reducer.paramTypes(), args);
    run(call, WasmAbi.CALL_REDUCER, number, encoded);
  }

  @Override
  public Object runQuery(QuerySchema query, Object[] args, ModuleTables tables, String caller) {
    int number = schema.queries().indexOf(query);
    if (number < 0) {
      throw new IllegalStateException("no query " + query.name());
    }
    var call = WasmCall.query(schema, query.name(), tables, caller);
    var encoded = RowCodec.encodeValues(query.paramTypes(), args);
    var output = run(call, WasmAbi.CALL_QUERY, number, encoded);
    try {
      var result = RowCodec.decodeValue(query.resultType(), output);
      Values.check(query.resultType(), result, query.name() + " result");
      return result;
    } catch (RuntimeException e) {
      throw call.trap("its result is not a valid " + query.resultType() + ": " + e.getMessage(), e);
    }
  }

  /** Runs one call; returns the output on status 0. */
  private byte[] run(WasmCall call, String export, int number, byte[] args) {
    Instance target;
    try {
      target = engine.instance();
    } catch (RuntimeException | StackOverflowError e) {
      throw call.trap("it cannot be instantiated: " + GuestInvocation.reason(e), e);
    }
    call.attach(target);
    current = call;
    Returned returned = null;
    try {
      returned =
          invocation.run(
              target,
              engine.depthGlobal(),
              guest -> call(guest, call, export, number, args),
              call::trap);
    } finally {
      current = null;
      call.finish();
      if (returned == null) {
        // Whatever stopped the guest may have left its memory half-written.
        engine.drop();
      }
    }
    if (returned.status() == WasmAbi.STATUS_OK) {
      return returned.output();
    }
    if (returned.status() == WasmAbi.STATUS_REFUSED) {
      throw new ReducerException(new String(returned.output(), StandardCharsets.UTF_8));
    }
    engine.drop();
    throw call.trap("it returned the unknown status " + returned.status(), null);
  }

  /** Calls {@code export} of the guest with the call's arguments, and reads what it returned. */
  private static Returned call(
      Instance guest, WasmCall call, String export, int number, byte[] args) {
    int ptr = args.length == 0 ? 0 : call.allocate(args);
    int status = (int) guest.export(export).apply(number, ptr, args.length)[0];
    byte[] output = new byte[0];
    if (status != WasmAbi.STATUS_OK || !export.equals(WasmAbi.CALL_REDUCER)) {
      long pair = guest.export(WasmAbi.OUTPUT).apply()[0];
      output = GuestMemory.read(guest, (int) (pair >>> 32), (int) pair);
    }
    return new Returned(status, output);
  }
}
