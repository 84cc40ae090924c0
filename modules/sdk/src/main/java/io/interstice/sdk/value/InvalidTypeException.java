package io.interstice.sdk.value;

import io.interstice.sdk.SdkException;

/**
 * A {@link Type} that cannot exist was asked for: an empty struct or enum, a duplicate field or
 * variant name, or an option of an option.
 */
public class InvalidTypeException extends SdkException {
  private static final long serialVersionUID = 1L;

  public InvalidTypeException(String message) {
    super(message);
  }
}
