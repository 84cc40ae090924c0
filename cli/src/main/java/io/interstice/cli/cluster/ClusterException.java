package io.interstice.cli.cluster;

/**
 * A local cluster could not be started or stopped as asked: one already runs in the directory, a
 * port is taken, a node died or did not join in time. The message says what, and where to look (the
 * node's log); the command prints it as one line.
 */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
