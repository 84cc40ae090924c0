package io.interstice.sdk;

/**
 * Root of every failure raised by the SDK layer (values, schemas, encodings, Java module
 * introspection). Subclasses name the failure category; the message carries the facts (path,
 * offset, column, expected versus found).
 *
 * <p>{@link ReducerException}, the error a module author throws to abort a reducer, is not one of
 * these: it is the module's own message to its caller, not a failure of the SDK.
 */
public class SdkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SdkException(String message) {
    super(message);
  }

  public SdkException(String message, Throwable cause) {
    super(message, cause);
  }
}
