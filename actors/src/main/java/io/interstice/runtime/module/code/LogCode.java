package io.interstice.runtime.module.code;

/**
 * An enum written to the log as a one-byte code (the kinds of {@link LoggedChange} and {@link
 * OutboxEntry}): the code is fixed per constant, so the log does not depend on declaration order.
 */
public interface LogCode {

  int code();

  /**
   * The constant of {@code type} with {@code code}.
   *
   * @throws IllegalArgumentException for an unknown code, naming {@code what} it was to be
   */
  static <E extends Enum<E> & LogCode> E decode(Class<E> type, int code, String what) {
    for (var constant : type.getEnumConstants()) {
      if (constant.code() == code) {
        return constant;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " " + code);
  }
}
