package io.interstice.runtime.wasm;

/** A failure of the WebAssembly host: the root of the exceptions this package throws. */
public class WasmHostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WasmHostException(String message) {
    super(message);
  }

  public WasmHostException(String message, Throwable cause) {
    super(message, cause);
  }
}
