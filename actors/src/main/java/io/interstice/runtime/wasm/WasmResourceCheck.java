package io.interstice.runtime.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.OpCode;
import io.interstice.runtime.module.code.ModuleLoadException;
import java.util.Locale;

/**
 * The resources a parsed binary declares, counted at deploy against {@link WasmModuleLimits} and
 * {@link WasmSettings}: exactly one memory within the page limit, tables whose initial sizes fit
 * the element limit (growth is capped at run time by {@link CappedTable}), functions, and, in every
 * function body, the targets of each {@code br_table}. It refuses the instructions this host does
 * not run: those of the GC proposal (their objects would live on the JVM heap, outside the memory
 * limit) and tail calls (Chicory's interpreter runs them where the time limit cannot stop them).
 *
 * <p>The counts the parser allocates for are checked before parsing, by {@link WasmBinaryScan}.
 * Stateless.
 */
final class WasmResourceCheck {
  /** Opcodes {@code 0xFB00} to {@code 0xFBFF}: struct, array, i31 and cast instructions. */
  private static final int GC_PREFIX = 0xFB;

  private WasmResourceCheck() {}

  /**
   * Checks {@code module}, parsed from the binary {@code what} describes.
   *
   * @throws ModuleLoadException naming the resource, the limit and its setting
   */
  static void check(WasmModule module, WasmSettings settings, String what) {
    var limits = settings.limits();
    memory(module, settings, what);
    tables(module, limits, what);
    long functions =
        (long) module.importSection().importCount() + module.functionSection().functionCount();
    if (functions > limits.maxFunctions()) {
      throw refused(what, functions, "functions", limits.maxFunctions(), "max-functions");
    }
    instructions(module, limits, what);
  }

  private static void memory(WasmModule module, WasmSettings settings, String what) {
    int count = module.memorySection().map(section -> section.memoryCount()).orElse(0);
    if (count != 1) {
      throw new ModuleLoadException(
          what + " declares " + count + " memories; a module has exactly one");
    }
    var limits = module.memorySection().get().getMemory(0).limits();
    if (limits.shared()) {
      throw new ModuleLoadException(what + " declares a shared memory; guests run single-threaded");
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

  private static void tables(WasmModule module, WasmModuleLimits limits, String what) {
    var tables = module.tableSection();
    if (tables.tableCount() > limits.maxTables()) {
      throw refused(what, tables.tableCount(), "tables", limits.maxTables(), "max-tables");
    }
    long elements = 0;
    for (int i = 0; i < tables.tableCount(); i++) {
      elements += tables.getTable(i).limits().min();
    }
    if (elements > limits.maxTableElements()) {
      throw refused(
          what,
          elements,
          "initial table elements",
          limits.maxTableElements(),
          "max-table-elements");
    }
  }

  private static void instructions(WasmModule module, WasmModuleLimits limits, String what) {
    var code = module.codeSection();
    int imported = module.importSection().importCount();
    for (int f = 0; f < code.functionBodyCount(); f++) {
      for (var instruction : code.getFunctionBody(f).instructions()) {
        var opcode = instruction.opcode();
        if (opcode == OpCode.BR_TABLE
            && instruction.operandCount() - 1 > limits.maxBrTableTargets()) {
          throw new ModuleLoadException(
              what
                  + " has a br_table of "
                  + (instruction.operandCount() - 1)
                  + " targets in function "
                  + (imported + f)
                  + ", more than the limit of "
                  + limits.maxBrTableTargets()
                  + " (interstice.wasm.max-br-table-targets)");
        }
        if (opcode.opcode() >>> 8 == GC_PREFIX) {
          throw new ModuleLoadException(
              what
                  + " uses "
                  + name(opcode)
                  + " in function "
                  + (imported + f)
                  + ", an instruction of the GC proposal, which this host does not run: GC"
                  + " objects would live outside the memory limit");
        }
        if (opcode == OpCode.RETURN_CALL
            || opcode == OpCode.RETURN_CALL_INDIRECT
            || opcode == OpCode.RETURN_CALL_REF) {
          throw new ModuleLoadException(
              what
                  + " uses tail calls ("
                  + name(opcode)
                  + " in function "
                  + (imported + f)
                  + "), which this host does not run");
        }
      }
    }
  }

  private static String name(OpCode opcode) {
    return opcode.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The refusal of {@code what} declaring {@code count} {@code of}, over the setting {@code key}.
   */
  static ModuleLoadException refused(String what, long count, String of, int limit, String key) {
    return new ModuleLoadException(
        what
            + " declares "
            + count
            + " "
            + of
            + ", more than the limit of "
            + limit
            + " (interstice.wasm."
            + key
            + ")");
  }
}
