package io.interstice.runtime.http;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;

/** The HTTP API cannot start: its settings are refused, or its address cannot be bound. */
public class HttpServerException extends IntersticeException {
  private static final long serialVersionUID = 1L;

  public HttpServerException(ErrorKind kind, String message) {
    super(kind, message);
  }

  public HttpServerException(ErrorKind kind, String message, Throwable cause) {
    super(kind, message, cause);
  }
}
