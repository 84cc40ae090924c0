package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebAssembly module of ABI version 1 ({@code modules/wasm-sdk/ABI.md}) run by the Chicory
 * interpreter. The binary is parsed and checked once, at load; every reducer or query call then
 * runs on a fresh instance whose imports are bound to that call (its transaction, or the committed
 * tables of a query), since a guest keeps no state across calls. A refusal of the guest (status 1)
 * becomes a {@link ReducerException} with its message; anything else that goes wrong in the guest
 * becomes a {@link WasmTrapException}. Used by one module actor at a time.
 */
public final class WasmLoadedModule implements LoadedModule {
  private static final AtomicLong INSTANTIATIONS = new AtomicLong();

  private final ModuleCode.Wasm code;
  private final WasmModule module;
  private final ModuleSchema schema;

  private WasmLoadedModule(ModuleCode.Wasm code, WasmModule module, ModuleSchema schema) {
    this.code = code;
    this.module = module;
    this.schema = schema;
  }

  /**
   * Parses and checks a binary, then reads its schema from {@code interstice_describe} on one
   * instance.
   *
   * @throws ModuleLoadException saying why the binary cannot be deployed
   */
  public static WasmLoadedModule load(ModuleCode.Wasm code) {
    var module = parseAndCheck(code);
    var instance = instantiate(module, WasmCall.unbound(code.describe()));
    int version;
    ModuleSchema schema;
    try {
      version = (int) instance.export(WasmAbi.ABI_VERSION).apply()[0];
      if (version != WasmAbi.VERSION) {
        throw new ModuleLoadException(
            code.describe()
                + " speaks WASM ABI version "
                + Integer.toUnsignedString(version)
                + "; this host accepts version "
                + WasmAbi.VERSION);
      }
      long pair = instance.export(WasmAbi.DESCRIBE).apply()[0];
      var bytes = WasmCall.read(instance, (int) (pair >>> 32), (int) pair);
      schema = SchemaCodec.decode(bytes).requireValid();
    } catch (ModuleLoadException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModuleLoadException(
          code.describe() + " cannot describe its schema: " + WasmCall.reason(e), e);
    }
    return new WasmLoadedModule(code, module, schema);
  }

  /**
   * The module of a logged deploy: the binary is parsed and checked again, but not run; {@code
   * schema} is the one it described when it was deployed.
   *
   * @throws ModuleLoadException when this host can no longer load the binary
   */
  public static WasmLoadedModule recovered(ModuleCode.Wasm code, ModuleSchema schema) {
    return new WasmLoadedModule(code, parseAndCheck(code), schema);
  }

  /** How many instances this host made so far, across all modules (for tests). */
  static long instantiations() {
    return INSTANTIATIONS.get();
  }

  private static WasmModule parseAndCheck(ModuleCode.Wasm code) {
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
                + imported.importType().toString().toLowerCase(java.util.Locale.ROOT)
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
    return module;
  }

  private static Instance instantiate(WasmModule module, WasmCall call) {
    INSTANTIATIONS.incrementAndGet();
    var builder = ImportValues.builder();
    for (var function : call.hostFunctions()) {
      builder.addFunction(function);
    }
    try {
      var instance = Instance.builder(module).withImportValues(builder.build()).build();
      call.attach(instance);
      return instance;
    } catch (RuntimeException e) {
      throw new ModuleLoadException(
          call.label() + " cannot be instantiated: " + WasmCall.reason(e), e);
    }
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

  /** Runs one call on a fresh instance; returns the output on status 0. */
  private byte[] run(WasmCall call, String export, int number, byte[] args) {
    Instance instance;
    try {
      instance = instantiate(module, call);
    } catch (ModuleLoadException e) {
      throw call.trap(e.getMessage(), e);
    }
    int status;
    byte[] output;
    try {
      int ptr = args.length == 0 ? 0 : call.allocate(args);
      status = (int) instance.export(export).apply(number, ptr, args.length)[0];
      if (status == WasmAbi.STATUS_OK && export.equals(WasmAbi.CALL_REDUCER)) {
        return new byte[0];
      }
      long pair = instance.export(WasmAbi.OUTPUT).apply()[0];
      output = WasmCall.read(instance, (int) (pair >>> 32), (int) pair);
    } catch (RuntimeException | StackOverflowError e) {
      throw call.trap(WasmCall.reason(e), e);
    } finally {
      call.finish();
    }
    if (status == WasmAbi.STATUS_OK) {
      return output;
    }
    if (status == WasmAbi.STATUS_REFUSED) {
      throw new ReducerException(new String(output, StandardCharsets.UTF_8));
    }
    throw call.trap("it returned the unknown status " + status, null);
  }
}
