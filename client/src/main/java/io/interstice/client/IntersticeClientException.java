package io.interstice.client;

/**
 * A request to a node failed: the node refused it ({@link #status()} is the HTTP status of its
 * error answer and {@link #kind()} the kind it named), or no node answered ({@link
 * ErrorKind#CONNECTION}, {@link ErrorKind#TIMEOUT}, status 0). The message is the node's own
 * ({@code "error"} of its answer: a reducer's refusal word for word) or says what the client saw.
 */
public final class IntersticeClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String kindName;
  private final int status;

  /** An error the node answered with: its {@code "kind"} string, HTTP status and message. */
  public IntersticeClientException(String kindName, int status, String message) {
    super(message);
    this.kind = ErrorKind.of(kindName);
    this.kindName = kindName;
    this.status = status;
  }

  /** A failure of the client's own kind (status 0: no node answered), with what caused it. */
  public IntersticeClientException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.kindName = kind.name();
    this.status = 0;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The kind as the node named it; differs from {@code kind().name()} only for {@code UNKNOWN}. */
  public String kindName() {
    return kindName;
  }

  /** The HTTP status of the node's answer; 0 when none came (or over a WebSocket). */
  public int status() {
    return status;
  }
}
