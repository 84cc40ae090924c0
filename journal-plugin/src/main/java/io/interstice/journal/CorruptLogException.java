package io.interstice.journal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Damage found in a log file: a bad checksum, an impossible length, a broken header or sidecar.
 * Carries the file, the byte offset inside it and, when it could be read, the persistence id of the
 * damaged frame.
 */
public class CorruptLogException extends JournalException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;
  private final String persistenceId;

  public CorruptLogException(Path file, long offset, String persistenceId, String reason) {
    super(describe(file, offset, persistenceId, reason));
    this.file = file;
    this.offset = offset;
    this.persistenceId = persistenceId;
  }

  private static String describe(Path file, long offset, String persistenceId, String reason) {
    var who = persistenceId == null ? "" : " (persistence id '" + persistenceId + "')";
    return "corrupt log " + file + " at offset " + offset + who + ": " + reason;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  public Optional<String> persistenceId() {
    return Optional.ofNullable(persistenceId);
  }
}
