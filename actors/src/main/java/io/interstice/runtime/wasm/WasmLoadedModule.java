package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import io.interstice.runtime.module.LoadedModule;
import io.interstice.runtime.module.ModuleCode;
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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebAssembly module of ABI version 1 ({@code modules/wasm-sdk/ABI.md}) on Chicory. The binary is
 * parsed and checked once, at load. Guest code runs on one instance that is reused from call to
 * call, and dropped after any trap (the next call gets a fresh one), since a trap can leave the
 * guest's memory in any state; its imports serve whichever call is running.
 *
 * <p>Nothing is compiled or instantiated until the first call after a deploy or recovery: in the
 * {@link WasmSettings.Engine#COMPILED} engine the module is then compiled by Chicory's compiler
 * (after {@link CallDepthGuard} added the depth limit to it), once per node ({@link
 * CompiledModules}), and if it cannot be, it runs on the interpreter. Every call runs under the
 * limits of {@link WasmSettings}: a {@link CallDeadline}, a {@link CappedMemory}, and the
 * call-depth limit.
 *
 * <p>A refusal of the guest (status 1) becomes a {@link ReducerException} with its message;
 * anything else that goes wrong in the guest becomes a {@link WasmTrapException}. Used by one
 * module actor at a time.
 */
public final class WasmLoadedModule implements LoadedModule {
  private static final Logger LOG = LoggerFactory.getLogger(WasmLoadedModule.class);
  private static final AtomicLong INSTANTIATIONS = new AtomicLong();

  private final ModuleCode.Wasm code;
  private final WasmModule module;
  private final ModuleSchema schema;
  private final WasmSettings settings;

  /** How instances get their machine; set at the first call. */
  private Function<Instance, Machine> machines;

  /** The module instances are made of: the guarded binary when compiled. */
  private WasmModule runnable;

  /** The depth counter of the guarded binary, or -1 on the interpreter. */
  private int depthGlobal = -1;

  /** The instance calls run on, until one traps. */
  private Instance instance;

  /** The call the instance's imports serve, while one runs. */
  private WasmCall current;

  private WasmLoadedModule(
      ModuleCode.Wasm code, WasmModule module, ModuleSchema schema, WasmSettings settings) {
    this.code = code;
    this.module = module;
    this.schema = schema;
    this.settings = settings;
  }

  /**
   * Parses and checks a binary, then reads its schema from {@code interstice_describe} on an
   * interpreted instance, under the limits of {@code settings}.
   *
   * @throws ModuleLoadException saying why the binary cannot be deployed
   */
  public static WasmLoadedModule load(ModuleCode.Wasm code, WasmSettings settings) {
    if (code.size() > settings.maxModuleBytes()) {
      throw new ModuleLoadException(
          code.describe()
              + " is "
              + code.size()
              + " bytes, more than the limit of "
              + settings.maxModuleBytes()
              + " (interstice.wasm.max-module-size)");
    }
    var module = parseAndCheck(code, settings);
    var unbound = WasmCall.unbound(code.describe());
    Instance instance;
    try {
      instance =
          instantiate(
              module,
              target -> new DepthLimitedInterpreter(target, settings.maxCallDepth()),
              () -> unbound,
              settings);
    } catch (RuntimeException e) {
      throw new ModuleLoadException(
          code.describe() + " cannot be instantiated: " + WasmCall.reason(e), e);
    }
    unbound.attach(instance);
    int version = 0;
    byte[] described = null;
    Throwable failure = null;
    boolean expired;
    var deadline = CallDeadline.start(settings.maxCallTime());
    try {
      version = (int) instance.export(WasmAbi.ABI_VERSION).apply()[0];
      if (version == WasmAbi.VERSION) {
        long pair = instance.export(WasmAbi.DESCRIBE).apply()[0];
        described = WasmCall.read(instance, (int) (pair >>> 32), (int) pair);
      }
    } catch (RuntimeException | StackOverflowError e) {
      failure = e;
    } finally {
      expired = deadline.finish();
    }
    if (failure != null) {
      throw new ModuleLoadException(
          code.describe()
              + " cannot describe its schema: "
              + explain(failure, expired, settings, instance, -1),
          failure);
    }
    if (described == null) {
      throw new ModuleLoadException(
          code.describe()
              + " speaks WASM ABI version "
              + Integer.toUnsignedString(version)
              + "; this host accepts version "
              + WasmAbi.VERSION);
    }
    try {
      var schema = SchemaCodec.decode(described).requireValid();
      return new WasmLoadedModule(code, module, schema, settings);
    } catch (RuntimeException e) {
      throw new ModuleLoadException(
          code.describe() + " cannot describe its schema: " + WasmCall.reason(e), e);
    }
  }

  /**
   * The module of a logged deploy: the binary is parsed and checked again, but not run; {@code
   * schema} is the one it described when it was deployed.
   *
   * @throws ModuleLoadException when this host can no longer load the binary
   */
  public static WasmLoadedModule recovered(
      ModuleCode.Wasm code, ModuleSchema schema, WasmSettings settings) {
    return new WasmLoadedModule(code, parseAndCheck(code, settings), schema, settings);
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

  private static WasmModule parseAndCheck(ModuleCode.Wasm code, WasmSettings settings) {
    WasmModule module;
    try {
      module = Parser.parse(code.bytes());
    } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new ModuleLoadException(
          code.describe() + " is not a valid WebAssembly binary: " + e.getMessage(), e);
    }
    var what = code.describe();
    if (module.startSection().isPresent()) {
      throw new ModuleLoadException(what + " has a start function; the WASM ABI forbids one");
    }
    var types = module.typeSection();
    var imports = module.importSection();
    int importedFunctions = 0;
    for (int i = 0; i < imports.importCount(); i++) {
      var imported = imports.getImport(i);
      var name = imported.module() + "." + imported.name();
      if (!(imported instanceof FunctionImport function)) {
        throw new ModuleLoadException(
            what
                + " imports "
                + imported.importType().toString().toLowerCase(Locale.ROOT)
                + " "
                + name
                + "; only the functions of module \""
                + WasmAbi.IMPORT_MODULE
                + "\" in the WASM ABI can be imported");
      }
      importedFunctions++;
      var expected =
          WasmAbi.IMPORT_MODULE.equals(imported.module())
              ? WasmAbi.IMPORTS.get(imported.name())
              : null;
      if (expected == null) {
        throw new ModuleLoadException(
            what
                + " imports unknown function "
                + name
                + "; only the functions of module \""
                + WasmAbi.IMPORT_MODULE
                + "\" in the WASM ABI can be imported");
      }
      var actual = types.getType(function.typeIndex());
      if (!actual.equals(expected)) {
        throw new ModuleLoadException(
            what
                + " imports "
                + name
                + " as "
                + WasmAbi.describe(actual)
                + "; the WASM ABI declares it "
                + WasmAbi.describe(expected));
      }
    }
    var exported = new HashMap<String, FunctionType>();
    boolean memory = false;
    var exports = module.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      var export = exports.getExport(i);
      if (export.exportType() == ExternalType.FUNCTION) {
        int index = export.index() - importedFunctions;
        if (index >= 0) {
          exported.put(
              export.name(), types.getType(module.functionSection().getFunctionType(index)));
        }
      } else if (export.exportType() == ExternalType.MEMORY
          && WasmAbi.MEMORY.equals(export.name())) {
        memory = true;
      }
    }
    if (!memory) {
      throw new ModuleLoadException(what + " does not export its memory as \"memory\"");
    }
    var memories = module.memorySection();
    if (memories.isPresent()) {
      var section = memories.get();
      for (int i = 0; i < section.memoryCount(); i++) {
        var limits = section.getMemory(i).limits();
        if (limits.shared()) {
          throw new ModuleLoadException(
              what + " declares a shared memory; guests run single-threaded");
        }
        if (limits.initialPages() > settings.maxMemoryPages()) {
          throw new ModuleLoadException(
              what
                  + " declares "
                  + limits.initialPages()
                  + " initial memory pages, more than the limit of "
                  + settings.maxMemoryPages()
                  + " (interstice.wasm.max-memory-pages)");
        }
      }
    }
    for (Map.Entry<String, FunctionType> entry : WasmAbi.EXPORTS.entrySet()) {
      var actual = exported.get(entry.getKey());
      if (actual == null) {
        throw new ModuleLoadException(
            what + " does not export function " + entry.getKey() + " of the WASM ABI");
      }
      if (!actual.equals(entry.getValue())) {
        throw new ModuleLoadException(
            what
                + " exports "
                + entry.getKey()
                + " as "
                + WasmAbi.describe(actual)
                + "; the WASM ABI declares it "
                + WasmAbi.describe(entry.getValue()));
      }
    }
    refuseTailCalls(module, what);
    return module;
  }

  /**
   * Chicory's interpreter runs {@code return_call}, {@code return_call_indirect} and {@code
   * return_call_ref} inside its dispatch loop, where it checks neither the interrupt of the time
   * limit nor the call depth: a tail-calling loop would spin for ever (and deploy runs the
   * describing calls on the interpreter). So a module using them is refused.
   */
  private static void refuseTailCalls(WasmModule module, String what) {
    var code = module.codeSection();
    for (int f = 0; f < code.functionBodyCount(); f++) {
      for (var instruction : code.getFunctionBody(f).instructions()) {
        var opcode = instruction.opcode();
        if (opcode == OpCode.RETURN_CALL
            || opcode == OpCode.RETURN_CALL_INDIRECT
            || opcode == OpCode.RETURN_CALL_REF) {
          throw new ModuleLoadException(
              what
                  + " uses tail calls ("
                  + opcode.name().toLowerCase(Locale.ROOT)
                  + " in function "
                  + (module.importSection().importCount() + f)
                  + "), which this host does not run");
        }
      }
    }
  }

  private static Instance instantiate(
      WasmModule module,
      Function<Instance, Machine> machines,
      Supplier<WasmCall> current,
      WasmSettings settings) {
    INSTANTIATIONS.incrementAndGet();
    var imports = ImportValues.builder();
    for (var function : WasmCall.hostFunctions(current)) {
      imports.addFunction(function);
    }
    return Instance.builder(module)
        .withImportValues(imports.build())
        .withMachineFactory(machines)
        .withMemoryFactory(limits -> CappedMemory.of(limits, settings.maxMemoryPages()))
        .build();
  }

  /** Picks the machine of this module's instances, compiling it if the engine says so. */
  private void prepareEngine() {
    if (settings.engine() == WasmSettings.Engine.COMPILED) {
      try {
        var compiled = CompiledModules.compiled(code, module, settings.maxCallDepth());
        machines = compiled.machines();
        runnable = compiled.module();
        depthGlobal = compiled.depthGlobal();
        return;
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("{} cannot be compiled; it runs on the interpreter", code.describe(), e);
      }
    }
    runnable = module;
    depthGlobal = -1;
    machines = target -> new DepthLimitedInterpreter(target, settings.maxCallDepth());
  }

  private Instance instance() {
    if (instance == null) {
      if (machines == null) {
        prepareEngine();
      }
      instance = instantiate(runnable, machines, () -> current, settings);
    }
    return instance;
  }

  @Override
  public String engine() {
    return compiled() ? "compiled" : "interpreter";
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
    } catch (RuntimeException e) {
      throw call.trap("it cannot be instantiated: " + WasmCall.reason(e), e);
    }
    call.attach(target);
    current = call;
    int status = WasmAbi.STATUS_OK;
    byte[] output = new byte[0];
    Throwable failure = null;
    boolean completed = false;
    boolean expired;
    var deadline =
        CallDeadline.start(
            settings.maxCallTime(), settings.longCallAfter(), settings.maxLongCalls());
    try {
      if (depthGlobal >= 0) {
        // A guest exception caught by the guest skips the decrements of the wrappers it unwound.
        target.global(depthGlobal).setValue(0);
      }
      int ptr = args.length == 0 ? 0 : call.allocate(args);
      status = (int) target.export(export).apply(number, ptr, args.length)[0];
      if (status != WasmAbi.STATUS_OK || !export.equals(WasmAbi.CALL_REDUCER)) {
        long pair = target.export(WasmAbi.OUTPUT).apply()[0];
        output = WasmCall.read(target, (int) (pair >>> 32), (int) pair);
      }
      completed = true;
    } catch (RuntimeException | StackOverflowError e) {
      failure = e;
    } finally {
      expired = deadline.finish();
      current = null;
      call.finish();
      if (!completed) {
        // Whatever stopped the guest may have left its memory half-written.
        instance = null;
      }
    }
    if (failure != null) {
      if (expired && deadline.cutShort() && failure instanceof ChicoryInterruptedException) {
        throw call.trap(
            WasmLimitException.longCalls(settings.longCallAfter(), settings.maxLongCalls())
                .getMessage(),
            failure);
      }
      throw call.trap(explain(failure, expired, settings, target, depthGlobal), failure);
    }
    if (status == WasmAbi.STATUS_OK) {
      return output;
    }
    if (status == WasmAbi.STATUS_REFUSED) {
      throw new ReducerException(new String(output, StandardCharsets.UTF_8));
    }
    instance = null;
    throw call.trap("it returned the unknown status " + status, null);
  }

  /**
   * Why guest code failed, naming the limit it broke if it broke one. {@code depthGlobal} is the
   * depth counter of a binary guarded by {@link CallDepthGuard}, or -1 on the interpreter.
   */
  private static String explain(
      Throwable failure, boolean expired, WasmSettings settings, Instance target, int depthGlobal) {
    if (failure instanceof WasmLimitException) {
      return failure.getMessage();
    }
    if (expired && failure instanceof ChicoryInterruptedException) {
      return WasmLimitException.time(settings.maxCallTime()).getMessage();
    }
    if (depthGlobal >= 0
        && failure instanceof TrapException
        && CallDepthGuard.trapped(target, depthGlobal)) {
      return WasmLimitException.callDepth(settings.maxCallDepth()).getMessage();
    }
    return WasmCall.reason(failure);
  }
}
