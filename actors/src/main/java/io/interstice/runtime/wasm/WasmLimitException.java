package io.interstice.runtime.wasm;

import java.time.Duration;

/**
 * A guest call broke one of the limits of {@link WasmSettings}; it traps. The message names the
 * limit and its configuration key.
 */
final class WasmLimitException extends WasmHostException {
  private static final long serialVersionUID = 1L;

  WasmLimitException(String message) {
    super(message);
  }

  static WasmLimitException callDepth(int max) {
    return new WasmLimitException(
        "exceeded the call depth limit of "
            + max
            + " nested calls (interstice.wasm.max-call-depth)");
  }

  static WasmLimitException memory(int requested, int max) {
    return new WasmLimitException(
        "memory.grow to "
            + requested
            + " pages exceeded the memory limit of "
            + max
            + " pages of 64 KiB (interstice.wasm.max-memory-pages)");
  }

  static WasmLimitException longCalls(Duration after, int max) {
    return new WasmLimitException(
        "was stopped after "
            + after.toMillis()
            + " ms (interstice.wasm.long-call-after): "
            + max
            + " other long "
            + (max == 1 ? "call was" : "calls were")
            + " already running on this node (interstice.wasm.max-long-calls)");
  }

  static WasmLimitException tableElements(long requested, int max) {
    return new WasmLimitException(
        "table.grow to "
            + requested
            + " elements in all tables exceeded the limit of "
            + max
            + " (interstice.wasm.max-table-elements)");
  }

  static WasmLimitException time(Duration max) {
    var limit = max.toMillis() > 0 ? max.toMillis() + " ms" : max.toNanos() / 1000 + " µs";
    return new WasmLimitException(
        "exceeded the time limit of " + limit + " (interstice.wasm.max-call-time)");
  }
}
