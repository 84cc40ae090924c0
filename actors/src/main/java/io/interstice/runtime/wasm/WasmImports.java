package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.function.Supplier;

/**
 * The imports of ABI version 1 ({@code modules/wasm-sdk/ABI.md}) as an instance sees them: each
 * name of {@link WasmAbi#IMPORTS} bound to what it does in a {@link WasmCall}. An instance is
 * reused from call to call, so its imports are bound once, to whichever call is running when the
 * guest calls one; outside a call, every import traps. Stateless.
 */
final class WasmImports {
  private WasmImports() {}

  /** An import's body; imports without a result return 0, which is dropped. */
  private interface Import {
    long apply(WasmCall call, long[] args);
  }

  /** The imports of one instance: each runs against the call {@code current} holds then. */
  static ImportValues of(Supplier<WasmCall> current) {
    var imports = ImportValues.builder();
    var bind = new Binder(imports, current);
    bind.add("table_insert", (c, a) -> c.insert(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    bind.add("table_get_by_pk", (c, a) -> c.get(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    bind.add("table_update", (c, a) -> c.update(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    bind.add("table_delete", (c, a) -> c.delete(i(a[0]), i(a[1]), i(a[2])));
    bind.add("table_scan", (c, a) -> c.scan(i(a[0])));
    bind.add("index_lookup", (c, a) -> c.lookup(i(a[0]), i(a[1]), i(a[2]), i(a[3])));
    bind.add(
        "index_range", (c, a) -> c.range(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5])));
    bind.add("iter_next", (c, a) -> c.next(i(a[0]), i(a[1])));
    bind.add("iter_close", (c, a) -> c.close(i(a[0])));
    bind.add("log", (c, a) -> c.log(i(a[0]), i(a[1])));
    bind.add("timestamp_micros", (c, a) -> c.timestamp());
    bind.add("random_u64", (c, a) -> c.random());
    bind.add("caller", (c, a) -> c.caller(i(a[0])));
    bind.add("schedule", (c, a) -> c.schedule(i(a[0]), a[1], a[2], i(a[3]), i(a[4])));
    bind.add("cancel_schedule", (c, a) -> c.cancel(a[0]));
    bind.add("call", (c, a) -> c.call(i(a[0]), i(a[1]), i(a[2]), i(a[3]), i(a[4]), i(a[5])));
    return imports.build();
  }

  private static int i(long value) {
    return (int) value;
  }

  private record Binder(ImportValues.Builder imports, Supplier<WasmCall> current) {
    void add(String name, Import body) {
      var type = WasmAbi.IMPORTS.get(name);
      boolean returns = !type.returns().isEmpty();
      WasmFunctionHandle handle =
          (guest, args) -> {
            var call = current.get();
            if (call == null) {
              throw new GuestFault(name + " was called outside a call from the host");
            }
            long result = body.apply(call, args);
            return returns ? new long[] {result} : null;
          };
      imports.addFunction(new HostFunction(WasmAbi.IMPORT_MODULE, name, type, handle));
    }
  }
}
