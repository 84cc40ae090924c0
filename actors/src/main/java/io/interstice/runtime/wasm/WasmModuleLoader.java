package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoadException;
import io.interstice.runtime.module.code.ModuleLoader;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCodec;
import java.util.function.Supplier;

/**
 * Where a WebAssembly module of ABI version 1 ({@code modules/wasm-sdk/ABI.md}) is loaded: for a
 * deploy ({@link #load}), for learning what a binary is before deploying it ({@link #describe}),
 * and for a recovery ({@link #recovered}). Each parses the binary once after its deploy checks
 * ({@link WasmBinaryCheck}: the counts on the raw bytes by {@link WasmBinaryScan}, the ABI's
 * imports and exports, the resources by {@link WasmResourceCheck}), so that no binary within the
 * limits of {@link WasmModuleLimits} makes the JVM allocate or compile without bound. A deploy then
 * asks the binary for its ABI version and schema on an interpreted instance of its own, under the
 * limits of {@link WasmSettings} ({@link GuestInvocation#describing}), and checks the schema's size
 * and validity. Registered with the node as its {@link ModuleLoader} of WebAssembly; immutable and
 * thread-safe: it runs on the deploy loader's threads.
 */
public final class WasmModuleLoader implements ModuleLoader {
  private final WasmSettings settings;

  /** The node's loader of WebAssembly code, running guests under {@code settings}. */
  public WasmModuleLoader(WasmSettings settings) {
    this.settings = settings;
  }

  /** The settings guests run under. */
  public WasmSettings settings() {
    return settings;
  }

  @Override
  public Class<ModuleCode.Wasm> codeType() {
    return ModuleCode.Wasm.class;
  }

  @Override
  public LoadedModule load(ModuleCode code, ModuleLimits limits) {
    return load((ModuleCode.Wasm) code, settings, limits);
  }

  @Override
  public LoadedModule recovered(ModuleCode code, ModuleSchema schema) {
    return recovered((ModuleCode.Wasm) code, schema, settings);
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

  /**
   * Like {@link #load} but compiles nothing: for learning what a binary describes (its name) before
   * it is deployed.
   *
   * @throws ModuleLoadException saying why the binary cannot be deployed
   */
  public static WasmLoadedModule describe(
      ModuleCode.Wasm code, WasmSettings settings, ModuleLimits schemaLimits) {
    var module = WasmBinaryCheck.parse(code, settings);
    var described = describedSchema(code, module, settings);
    var schema = schemaPart(code, () -> SchemaCodec.decode(described));
    schemaLimits.requireWithin(schema, code.describe());
    return schemaPart(
        code, () -> new WasmLoadedModule(code, module, schema.requireValid(), settings));
  }

  /** The bytes of the schema {@code module} describes, if it speaks this host's ABI version. */
  private static byte[] describedSchema(
      ModuleCode.Wasm code, WasmModule module, WasmSettings settings) {
    var unbound = WasmCall.unbound(code.describe());
    Instance instance;
    try {
      instance = WasmEngine.interpreted(module, () -> unbound, settings);
    } catch (RuntimeException | StackOverflowError e) {
      throw new ModuleLoadException(
          code.describe() + " cannot be instantiated: " + GuestInvocation.reason(e), e);
    }
    unbound.attach(instance);
    return GuestInvocation.describing(settings)
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
                    : badSchema(code, reason, failure));
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

  /** What {@code step} makes of the described schema; a failure means the schema is bad. */
  private static <T> T schemaPart(ModuleCode.Wasm code, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      throw badSchema(code, GuestInvocation.reason(e), e);
    }
  }

  private static ModuleLoadException badSchema(ModuleCode.Wasm code, String reason, Throwable e) {
    return new ModuleLoadException(code.describe() + " cannot describe its schema: " + reason, e);
  }
}
