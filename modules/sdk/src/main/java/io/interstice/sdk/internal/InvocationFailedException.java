package io.interstice.sdk.internal;

import io.interstice.sdk.SdkException;

/**
 * Module code threw a checked exception (which Java lets a method declare but the SDK cannot pass
 * on as is). Unchecked exceptions, {@link io.interstice.sdk.ReducerException} included, pass
 * through unwrapped.
 */
public class InvocationFailedException extends SdkException {
  private static final long serialVersionUID = 1L;

  public InvocationFailedException(String location, Throwable cause) {
    super(location + " failed with " + cause, cause);
  }
}
