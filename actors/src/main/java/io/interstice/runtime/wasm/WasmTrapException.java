package io.interstice.runtime.wasm;

/**
 * A WebAssembly call trapped or broke the ABI (a bad pointer, row or status): the call is aborted
 * and its transaction rolled back. The message names the module, the reducer or query, and the
 * trap.
 */
public class WasmTrapException extends WasmHostException {
  private static final long serialVersionUID = 1L;

  public WasmTrapException(String message) {
    super(message);
  }

  public WasmTrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
