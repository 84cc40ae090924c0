package io.interstice.runtime.wasm;

/**
 * Thrown by a host function when the guest broke the ABI; turned into a {@link WasmTrapException}
 * naming the module and the call.
 */
final class GuestFault extends WasmHostException {
  private static final long serialVersionUID = 1L;

  GuestFault(String message) {
    super(message);
  }

  GuestFault(String message, Throwable cause) {
    super(message, cause);
  }
}
