package io.interstice.sdk.wasm;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host of WASM ABI version 1 ({@code modules/wasm-sdk/ABI.md}) with empty tables, enough to run a
 * guest's exports: it offers every import with its exact signature (so instantiation also checks
 * the guest's imports), records inserted rows and log lines, finds no rows and opens empty
 * iterators. Not thread-safe; one per test.
 */
final class StubHost {
  static final int STATUS_OK = 0;
  static final int STATUS_NOT_FOUND = 1;

  final List<byte[]> inserted = new ArrayList<>();
  final List<String> logged = new ArrayList<>();
  private final Instance instance;

  private StubHost(Path wasm) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(wasm);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    instance = Instance.builder(Parser.parse(bytes)).withImportValues(imports()).build();
  }

  static StubHost load(Path wasm) {
    return new StubHost(wasm);
  }

  int abiVersion() {
    return (int) instance.export("interstice_abi_version").apply()[0];
  }

  ModuleSchema describe() {
    return SchemaCodec.decode(buffer(instance.export("interstice_describe").apply()[0]));
  }

  /** Runs reducer number {@code reducer} with encoded {@code args}; returns the status. */
  int callReducer(int reducer, byte[] args) {
    return call("interstice_call_reducer", reducer, args);
  }

  int callQuery(int query, byte[] args) {
    return call("interstice_call_query", query, args);
  }

  byte[] output() {
    return buffer(instance.export("interstice_output").apply()[0]);
  }

  String outputText() {
    return new String(output(), StandardCharsets.UTF_8);
  }

  /** The size of the guest's memory in 64 KiB pages. */
  int memoryPages() {
    return instance.memory().pages();
  }

  private int call(String export, int index, byte[] args) {
    int ptr = args.length == 0 ? 0 : allocate(args);
    return (int) instance.export(export).apply(index, ptr, args.length)[0];
  }

  private byte[] buffer(long pair) {
    return instance.memory().readBytes((int) (pair >>> 32), (int) pair);
  }

  private int allocate(byte[] bytes) {
    int ptr = (int) instance.export("interstice_alloc").apply(bytes.length)[0];
    instance.memory().write(ptr, bytes);
    return ptr;
  }

  private void fillOutSlot(Instance guest, int out, byte[] bytes) {
    int ptr = (int) guest.export("interstice_alloc").apply(bytes.length)[0];
    guest.memory().write(ptr, bytes);
    guest.memory().writeI32(out, ptr);
    guest.memory().writeI32(out + 4, bytes.length);
  }

  private ImportValues imports() {
    return ImportValues.builder()
        .addFunction(
            function(
                "table_insert",
                List.of(I32, I32, I32, I32),
                List.of(I32),
                (guest, args) -> {
                  byte[] row = guest.memory().readBytes((int) args[1], (int) args[2]);
                  inserted.add(row);
                  fillOutSlot(guest, (int) args[3], row);
                  return new long[] {STATUS_OK};
                }),
            function("table_get_by_pk", List.of(I32, I32, I32, I32), List.of(I32), notFound()),
            function("table_update", List.of(I32, I32, I32, I32), List.of(I32), notFound()),
            function("table_delete", List.of(I32, I32, I32), List.of(I32), notFound()),
            function("table_scan", List.of(I32), List.of(I32), iterator()),
            function("index_lookup", List.of(I32, I32, I32, I32), List.of(I32), iterator()),
            function(
                "index_range", List.of(I32, I32, I32, I32, I32, I32), List.of(I32), iterator()),
            function("iter_next", List.of(I32, I32), List.of(I32), notFound()),
            function("iter_close", List.of(I32), List.of(), (guest, args) -> null),
            function(
                "log",
                List.of(I32, I32),
                List.of(),
                (guest, args) -> {
                  logged.add(guest.memory().readString((int) args[0], (int) args[1]));
                  return null;
                }),
            function("timestamp_micros", List.of(), List.of(I64), constant(1_000_000L)),
            function("random_u64", List.of(), List.of(I64), constant(4L)),
            function(
                "caller",
                List.of(I32),
                List.of(),
                (guest, args) -> {
                  fillOutSlot(guest, (int) args[0], "client".getBytes(StandardCharsets.UTF_8));
                  return null;
                }),
            function("schedule", List.of(I32, I64, I64, I32, I32), List.of(I64), constant(1L)),
            function("cancel_schedule", List.of(I64), List.of(I32), notFound()),
            function(
                "call", List.of(I32, I32, I32, I32, I32, I32), List.of(), (guest, args) -> null))
        .build();
  }

  private static HostFunction function(
      String name, List<ValType> params, List<ValType> results, WasmFunctionHandle handle) {
    return new HostFunction("interstice", name, FunctionType.of(params, results), handle);
  }

  private static WasmFunctionHandle notFound() {
    return constant(STATUS_NOT_FOUND);
  }

  private static WasmFunctionHandle iterator() {
    return constant(1);
  }

  private static WasmFunctionHandle constant(long value) {
    return (guest, args) -> new long[] {value};
  }
}
