package io.interstice.runtime.wasm;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLoadException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The deploy checks of a binary ({@code modules/wasm-sdk/ABI.md}, "Deploy checks"), in the order
 * that keeps each cheap: its size, its counts on the raw bytes ({@link WasmBinaryScan}), parsing,
 * the imports and exports of the ABI, then the resources it declares ({@link WasmResourceCheck}).
 * Run at every deploy and recovery. Stateless.
 */
final class WasmBinaryCheck {
  private WasmBinaryCheck() {}

  /**
   * Parses {@code code} if it passes every check of the ABI and of the size limits.
   *
   * @throws ModuleLoadException saying why it cannot be deployed
   */
  static WasmModule parse(ModuleCode.Wasm code, WasmSettings settings) {
    var what = code.describe();
    if (code.size() > settings.maxModuleBytes()) {
      throw new ModuleLoadException(
          what
              + " is "
              + code.size()
              + " bytes, more than the limit of "
              + settings.maxModuleBytes()
              + " (interstice.wasm.max-module-size)");
    }
    WasmBinaryScan.check(code.bytes(), settings.limits(), what);
    WasmModule module;
    try {
      module = Parser.parse(code.bytes());
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      // Whatever the parser throws on a broken binary (its assertions too, when they are enabled),
      // the caller learns only that it is broken.
      throw new ModuleLoadException(
          what + " is not a valid WebAssembly binary: " + GuestInvocation.reason(e), e);
    }
    try {
      checkAbi(module, what);
      WasmResourceCheck.check(module, settings, what);
    } catch (ModuleLoadException e) {
      throw e;
    } catch (RuntimeException e) {
      // A parsed module can still point outside itself (a type index past its type section, …);
      // Chicory's accessors then throw, and the caller learns only that the binary is broken.
      throw new ModuleLoadException(
          what + " is not a valid WebAssembly binary: " + GuestInvocation.reason(e), e);
    }
    return module;
  }

  /** The imports, exports and start function the ABI allows. */
  private static void checkAbi(WasmModule module, String what) {
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
        if (index >= module.functionSection().functionCount()) {
          throw new ModuleLoadException(
              what + " exports function " + export.index() + ", which it does not define");
        }
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
  }
}
