package io.interstice.journal.lease;

import io.interstice.journal.JournalException;
import java.nio.file.Path;

/**
 * A lease file that cannot be trusted: its checksum fails, it is cut short, or it names another
 * lease. Nothing is decided from such a file — not who holds the lease, not until when — so no node
 * can acquire the lease until an operator removes the file (safe once every node that may have held
 * the lease has stopped, or {@code heartbeat-timeout} after it last could have renewed it).
 */
public class DamagedLeaseException extends JournalException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public DamagedLeaseException(Path file, String reason, Throwable cause) {
    super(
        "lease file "
            + file
            + " is damaged: "
            + reason
            + "; no node can take this lease until it is removed (remove it once no node can"
            + " still hold it)",
        cause);
    this.file = file;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }
}
