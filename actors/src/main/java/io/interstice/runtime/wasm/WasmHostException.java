package io.interstice.runtime.wasm;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;

/**
 * A failure of the WebAssembly host: the root of the exceptions this package throws. A guest's
 * failure, answered as {@link ErrorKind#MODULE_FAILED}.
 */
public class WasmHostException extends IntersticeException {
  private static final long serialVersionUID = 1L;

  public WasmHostException(String message) {
    super(ErrorKind.MODULE_FAILED, message);
  }

  public WasmHostException(String message, Throwable cause) {
    super(ErrorKind.MODULE_FAILED, message, cause);
  }
}
