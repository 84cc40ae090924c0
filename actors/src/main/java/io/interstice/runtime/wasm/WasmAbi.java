package io.interstice.runtime.wasm;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The names, signatures and codes of ABI version 1 ({@code modules/wasm-sdk/ABI.md}). */
final class WasmAbi {
  static final int VERSION = 1;
  static final String IMPORT_MODULE = "interstice";

  static final int STATUS_OK = 0;
  static final int STATUS_REFUSED = 1;
  static final int NOT_FOUND = 1;
  static final int TAKEN = 2;

  static final String MEMORY = "memory";
  static final String ABI_VERSION = "interstice_abi_version";
  static final String ALLOC = "interstice_alloc";
  static final String FREE = "interstice_free";
  static final String DESCRIBE = "interstice_describe";
  static final String CALL_REDUCER = "interstice_call_reducer";
  static final String CALL_QUERY = "interstice_call_query";
  static final String OUTPUT = "interstice_output";

  /** The functions a guest must export, with their exact signatures. */
  static final Map<String, FunctionType> EXPORTS = new LinkedHashMap<>();

  /** The functions a guest may import from {@link #IMPORT_MODULE}, with their exact signatures. */
  static final Map<String, FunctionType> IMPORTS = new LinkedHashMap<>();

  static {
    EXPORTS.put(ABI_VERSION, type(List.of(), List.of(I32)));
    EXPORTS.put(ALLOC, type(List.of(I32), List.of(I32)));
    EXPORTS.put(FREE, type(List.of(I32, I32), List.of()));
    EXPORTS.put(DESCRIBE, type(List.of(), List.of(I64)));
    EXPORTS.put(CALL_REDUCER, type(List.of(I32, I32, I32), List.of(I32)));
    EXPORTS.put(CALL_QUERY, type(List.of(I32, I32, I32), List.of(I32)));
    EXPORTS.put(OUTPUT, type(List.of(), List.of(I64)));

    IMPORTS.put("table_insert", type(List.of(I32, I32, I32, I32), List.of(I32)));
    IMPORTS.put("table_get_by_pk", type(List.of(I32, I32, I32, I32), List.of(I32)));
    IMPORTS.put("table_update", type(List.of(I32, I32, I32, I32), List.of(I32)));
    IMPORTS.put("table_delete", type(List.of(I32, I32, I32), List.of(I32)));
    IMPORTS.put("table_scan", type(List.of(I32), List.of(I32)));
    IMPORTS.put("index_lookup", type(List.of(I32, I32, I32, I32), List.of(I32)));
    IMPORTS.put("index_range", type(List.of(I32, I32, I32, I32, I32, I32), List.of(I32)));
    IMPORTS.put("iter_next", type(List.of(I32, I32), List.of(I32)));
    IMPORTS.put("iter_close", type(List.of(I32), List.of()));
    IMPORTS.put("log", type(List.of(I32, I32), List.of()));
    IMPORTS.put("timestamp_micros", type(List.of(), List.of(I64)));
    IMPORTS.put("random_u64", type(List.of(), List.of(I64)));
    IMPORTS.put("caller", type(List.of(I32), List.of()));
    IMPORTS.put("schedule", type(List.of(I32, I64, I64, I32, I32), List.of(I64)));
    IMPORTS.put("cancel_schedule", type(List.of(I64), List.of(I32)));
    IMPORTS.put("call", type(List.of(I32, I32, I32, I32, I32, I32), List.of()));
  }

  private WasmAbi() {}

  private static FunctionType type(List<ValType> params, List<ValType> results) {
    return FunctionType.of(params, results);
  }

  /** A signature as the ABI page writes it: {@code (i32, i32) -> i32}. */
  static String describe(FunctionType type) {
    return "("
        + String.join(", ", type.params().stream().map(WasmAbi::name).toList())
        + ") -> "
        + (type.returns().isEmpty()
            ? "()"
            : String.join(", ", type.returns().stream().map(WasmAbi::name).toList()));
  }

  private static String name(ValType type) {
    return type.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
