package io.interstice.runtime.wasm;

import com.typesafe.config.Config;

/**
 * What one WebAssembly binary may declare, checked at deploy (and at recovery) before the binary is
 * parsed into objects, instantiated or compiled, from {@code interstice.wasm} (documented in {@code
 * reference.conf} and {@code modules/wasm-sdk/ABI.md}). Each bounds something the JVM allocates, or
 * the compiler works on, in proportion to a number in the binary, so that with {@code
 * max-module-size} and {@code max-memory-pages} they bound the heap one module can hold.
 *
 * @param maxFunctions functions a module may define and import
 * @param maxFunctionSize bytes of one function body
 * @param maxCodeSize bytes of the code section: the bodies of all functions
 * @param maxLocals locals of one function, its parameters included
 * @param maxBrTableTargets targets of one {@code br_table}
 * @param maxTypes entries of the type section
 * @param maxGlobals globals a module may define
 * @param maxTables tables a module may define
 * @param maxTableElements elements of all tables together, initially and after any {@code
 *     table.grow}, and entries of all element segments together
 * @param maxElementSegments element segments a module may define
 * @param maxDataSegments data segments a module may define
 * @param maxExports exports a module may declare
 * @param maxSchemaSize bytes {@code interstice_describe} may return
 */
public record WasmModuleLimits(
    int maxFunctions,
    int maxFunctionSize,
    int maxCodeSize,
    int maxLocals,
    int maxBrTableTargets,
    int maxTypes,
    int maxGlobals,
    int maxTables,
    int maxTableElements,
    int maxElementSegments,
    int maxDataSegments,
    int maxExports,
    int maxSchemaSize) {

  public WasmModuleLimits {
    // The ABI needs 7 exported functions and one exported memory.
    atLeast("max-functions", maxFunctions, 7);
    atLeast("max-function-size", maxFunctionSize, 16);
    atLeast("max-code-size", maxCodeSize, 64);
    atLeast("max-locals", maxLocals, 3);
    atLeast("max-br-table-targets", maxBrTableTargets, 1);
    atLeast("max-types", maxTypes, 5);
    atLeast("max-globals", maxGlobals, 0);
    atLeast("max-tables", maxTables, 0);
    atLeast("max-table-elements", maxTableElements, 0);
    atLeast("max-element-segments", maxElementSegments, 0);
    atLeast("max-data-segments", maxDataSegments, 0);
    atLeast("max-exports", maxExports, 8);
    atLeast("max-schema-size", maxSchemaSize, 64);
  }

  /** Reads the limits from {@code wasm}, the {@code interstice.wasm} block. */
  static WasmModuleLimits fromConfig(Config wasm) {
    return new WasmModuleLimits(
        wasm.getInt("max-functions"),
        bytes(wasm, "max-function-size"),
        bytes(wasm, "max-code-size"),
        wasm.getInt("max-locals"),
        wasm.getInt("max-br-table-targets"),
        wasm.getInt("max-types"),
        wasm.getInt("max-globals"),
        wasm.getInt("max-tables"),
        wasm.getInt("max-table-elements"),
        wasm.getInt("max-element-segments"),
        wasm.getInt("max-data-segments"),
        wasm.getInt("max-exports"),
        bytes(wasm, "max-schema-size"));
  }

  private static int bytes(Config wasm, String key) {
    long value = wasm.getBytes(key);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "interstice.wasm." + key + " must be less than 2 GiB: " + value);
    }
    return (int) value;
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "interstice.wasm." + key + " must be at least " + min + ": " + value);
    }
  }
}
