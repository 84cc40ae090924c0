package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.interstice.runtime.module.LoadedModule;
import io.interstice.runtime.module.ModuleCode;
import io.interstice.runtime.module.ModuleLimits;
import io.interstice.runtime.module.ModuleLoadException;
import io.interstice.runtime.module.TxEnvironment;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.value.Values;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A WebAssembly module of ABI version 1 ({@code modules/wasm-sdk/ABI.md}) on Chicory. The binary is
 * parsed and checked once, at load. Guest code runs on one instance that is reused from call to
 * call, and dropped after any trap (the next call gets a fresh one), since a trap can leave the
 * guest's memory in any state; its imports serve whichever call is running.
 *
 * <p>Before anything is parsed into objects, the binary's counts are checked ({@link
 * WasmBinaryScan}), and after, the resources it declares ({@link WasmResourceCheck}), so that no
 * binary within the limits of {@link WasmModuleLimits} makes the JVM allocate or compile without
 * bound. In the {@link WasmSettings.Engine#COMPILED} engine, a loaded module (deployed or
 * recovered, never while replaying) is compiled in the background by the {@link BackgroundCompiler}
 * (after {@link CallDepthGuard} added the depth limit to it), once per node ({@link
 * CompiledModules}); calls run on the interpreter until the compiled form is ready, and the next
 * instance after that runs it. A module that cannot be compiled in time stays on the interpreter
 * ({@link #engine()} says why). Every call runs in a {@link GuestInvocation} under the limits of
 * {@link WasmSettings}: a {@link CallDeadline}, a {@link CappedMemory}, {@link CappedTable}s, and
 * the call-depth limit.
 *
 * <p>A refusal of the guest (status 1) becomes a {@link ReducerException} with its message;
 * anything else that goes wrong in the guest becomes a {@link WasmTrapException}. Used by one
 * module actor at a time; only the compilation completes on another thread, through a future.
 */
public final class WasmLoadedModule implements LoadedModule {
  private static final AtomicLong INSTANTIATIONS = new AtomicLong();

  private final ModuleCode.Wasm code;
  private final WasmModule module;

  /** The initial sizes of the module's tables, as declared (see {@link CappedTable}). */
  private final long[] tableSizes;

  private final ModuleSchema schema;
  private final WasmSettings settings;
  private final GuestInvocation invocation;

  /** The background compilation, or null on the interpreter engine and before {@link #load}. */
  private CompletableFuture<CompiledModules.Compiled> compiling;

  /** The depth counter of the guarded binary the instance runs, or -1 on the interpreter. */
  private int depthGlobal = -1;

  /** The instance calls run on, until one traps. */
  private Instance instance;

  /** The call the instance's imports serve, while one runs. */
  private WasmCall current;

  /** What a call's export returned: its status, and its output unless a reducer succeeded. */
  private record Returned(int status, byte[] output) {}

  private WasmLoadedModule(
      ModuleCode.Wasm code, WasmModule module, ModuleSchema schema, WasmSettings settings) {
    this.code = code;
    this.module = module;
    this.tableSizes = CappedTable.declaredSizes(module);
    this.schema = schema;
    this.settings = settings;
    this.invocation = GuestInvocation.calling(settings);
  }

  /**
   * Parses and checks a binary, reads its schema from {@code interstice_describe} on an interpreted
   * instance, under the limits of {@code settings}, checks the schema's size against {@code
   * schemaLimits} before validating it, and starts compiling the module in the background.
   *
   * @throws ModuleLoadException saying why the binary cannot be deployed
   */
  public static WasmLoadedModule load(
      ModuleCode.Wasm code, WasmSettings settings, ModuleLimits schemaLimits) {
    var loaded = describe(code, settings, schemaLimits);
    loaded.startCompiling();
    return loaded;
  }

  /**
   * Like {@link #load} but compiles nothing: for learning what a binary describes (its name) before
   * it is deployed.
   *
   * @throws ModuleLoadException saying why the binary cannot be deployed
   */
  public static WasmLoadedModule describe(
      ModuleCode.Wasm code, WasmSettings settings, ModuleLimits schemaLimits) {
    var module = WasmBinaryCheck.parse(code, settings);
    var unbound = WasmCall.unbound(code.describe());
    Instance instance;
    try {
      instance = interpreted(module, CappedTable.declaredSizes(module), () -> unbound, settings);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModuleLoadException(
          code.describe() + " cannot be instantiated: " + GuestInvocation.reason(e), e);
    }
    unbound.attach(instance);
    var described =
        GuestInvocation.describing(settings)
            .run(
                instance,
                -1,
                guest -> {
                  int version = (int) guest.export(WasmAbi.ABI_VERSION).apply()[0];
                  if (version != WasmAbi.VERSION) {
                    throw new ModuleLoadException(
                        code.describe()
                            + " speaks WASM ABI version "
                            + Integer.toUnsignedString(version)
                            + "; this host accepts version "
                            + WasmAbi.VERSION);
                  }
                  long pair = guest.export(WasmAbi.DESCRIBE).apply()[0];
                  return readSchema(code, settings, guest, pair);
                },
                (reason, failure) ->
                    failure instanceof ModuleLoadException refused
                        ? refused
                        : new ModuleLoadException(
                            code.describe() + " cannot describe its schema: " + reason, failure));
    ModuleSchema schema;
    try {
      schema = SchemaCodec.decode(described);
    } catch (RuntimeException e) {
      throw new ModuleLoadException(
          code.describe() + " cannot describe its schema: " + GuestInvocation.reason(e), e);
    }
    schemaLimits.requireWithin(schema, code.describe());
    try {
      return new WasmLoadedModule(code, module, schema.requireValid(), settings);
    } catch (RuntimeException e) {
      throw new ModuleLoadException(
          code.describe() + " cannot describe its schema: " + GuestInvocation.reason(e), e);
    }
  }

  /** The bytes {@code interstice_describe} returned, at most {@code max-schema-size} of them. */
  private static byte[] readSchema(
      ModuleCode.Wasm code, WasmSettings settings, Instance instance, long pair) {
    long length = Integer.toUnsignedLong((int) pair);
    int max = settings.limits().maxSchemaSize();
    if (length > max) {
      throw new ModuleLoadException(
          code.describe()
              + " describes a schema of "
              + length
              + " bytes, more than the limit of "
              + max
              + " (interstice.wasm.max-schema-size)");
    }
    return GuestMemory.read(instance, (int) (pair >>> 32), (int) pair);
  }

  /**
   * The module of a logged deploy: the binary is parsed and checked again, but not run; {@code
   * schema} is the one it described when it was deployed.
   *
   * @throws ModuleLoadException when this host can no longer load the binary
   */
  public static WasmLoadedModule recovered(
      ModuleCode.Wasm code, ModuleSchema schema, WasmSettings settings) {
    var loaded =
        new WasmLoadedModule(code, WasmBinaryCheck.parse(code, settings), schema, settings);
    loaded.startCompiling();
    return loaded;
  }

  /** How many instances this host made so far, across all modules (for tests). */
  static long instantiations() {
    return INSTANTIATIONS.get();
  }

  /** How many modules this host compiled so far (for tests). */
  static long compilations() {
    return CompiledModules.compilations();
  }

  /** Whether this module's calls run compiled code; false before its first call. */
  boolean compiled() {
    return depthGlobal >= 0;
  }

  /** Waits until no module is being compiled (for tests); false if {@code timeout} passed first. */
  static boolean awaitCompilations(java.time.Duration timeout) throws InterruptedException {
    return BackgroundCompiler.awaitIdle(timeout);
  }

  /**
   * How this module's calls run: {@code compiled}, {@code interpreter} (the configured engine),
   * {@code interpreter (compiling)} while the compiled form is being made, or {@code interpreter
   * (…)} with the reason it could not be.
   */
  @Override
  public String engine() {
    if (compiling == null) {
      return "interpreter";
    }
    if (!compiling.isDone()) {
      return "interpreter (compiling)";
    }
    if (compiling.isCompletedExceptionally()) {
      try {
        compiling.join();
      } catch (java.util.concurrent.CompletionException e) {
        return "interpreter (" + e.getCause().getMessage() + ")";
      }
    }
    return "compiled";
  }

  private void startCompiling() {
    if (settings.engine() != WasmSettings.Engine.COMPILED) {
      return;
    }
    compiling =
        BackgroundCompiler.compile(
            code, module, settings.maxCallDepth(), settings.compileTimeout());
    compiling.whenComplete(
        (compiled, failure) -> {
          if (failure != null) {
            BackgroundCompiler.warn(code, failure);
          }
        });
  }

  /** The compiled form, if it is ready. */
  private CompiledModules.Compiled compiledForm() {
    if (compiling == null || !compiling.isDone() || compiling.isCompletedExceptionally()) {
      return null;
    }
    return compiling.join();
  }

  /** An interpreted instance: the depth limit, and branches that stop at the time limit. */
  private static Instance interpreted(
      WasmModule module, long[] tableSizes, Supplier<WasmCall> current, WasmSettings settings) {
    return instantiate(
        module,
        tableSizes,
        target -> new DepthLimitedInterpreter(target, settings.maxCallDepth()),
        DepthLimitedInterpreter.INTERRUPTIBLE_BRANCHES,
        current,
        settings);
  }

  private static Instance instantiate(
      WasmModule module,
      long[] tableSizes,
      Function<Instance, Machine> machines,
      ExecutionListener listener,
      Supplier<WasmCall> current,
      WasmSettings settings) {
    INSTANTIATIONS.incrementAndGet();
    var builder = Instance.builder(module);
    if (listener != null) {
      builder.withUnsafeExecutionListener(listener);
    }
    return builder
        .withImportValues(WasmImports.of(current))
        .withMachineFactory(machines)
        .withMemoryFactory(limits -> CappedMemory.of(limits, settings.maxMemoryPages()))
        .withTableFactory(CappedTable.factory(settings.limits().maxTableElements(), tableSizes))
        .build();
  }

  /**
   * The instance calls run on: the current one, unless it is interpreted and the compiled form has
   * become ready meanwhile (a guest keeps nothing across calls, so it can be dropped between them).
   */
  private Instance instance() {
    var compiled = compiledForm();
    if (instance != null && depthGlobal < 0 && compiled != null) {
      instance = null;
    }
    if (instance == null) {
      if (compiled != null) {
        instance =
            instantiate(
                compiled.module(), tableSizes, compiled.machines(), null, () -> current, settings);
        depthGlobal = compiled.depthGlobal();
      } else {
        instance = interpreted(module, tableSizes, () -> current, settings);
        depthGlobal = -1;
      }
    }
    return instance;
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
      target = instance();
    } catch (RuntimeException | StackOverflowError e) {
      throw call.trap("it cannot be instantiated: " + GuestInvocation.reason(e), e);
    }
    call.attach(target);
    current = call;
    Returned returned = null;
    try {
      returned =
          invocation.run(
              target, depthGlobal, guest -> call(guest, call, export, number, args), call::trap);
    } finally {
      current = null;
      call.finish();
      if (returned == null) {
        // Whatever stopped the guest may have left its memory half-written.
        instance = null;
      }
    }
    if (returned.status() == WasmAbi.STATUS_OK) {
      return returned.output();
    }
    if (returned.status() == WasmAbi.STATUS_REFUSED) {
      throw new ReducerException(new String(returned.output(), StandardCharsets.UTF_8));
    }
    instance = null;
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
