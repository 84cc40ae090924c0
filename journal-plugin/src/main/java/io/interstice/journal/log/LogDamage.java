package io.interstice.journal.log;

import io.interstice.journal.CorruptLogException;
import java.nio.file.Path;

/**
 * A damaged region found while scanning a segment.
 *
 * @param file the segment file
 * @param offset byte offset of the first damaged byte inside the file
 * @param end offset where valid data resumes (file size when nothing valid follows)
 * @param persistenceId the id the damaged bytes belonged to when that is known for certain (from a
 *     verified sidecar or index), or null: bytes that fail their checksum never vouch for an id
 * @param reason what is wrong, with stored and computed values where there are any
 */
public record LogDamage(Path file, long offset, long end, String persistenceId, String reason) {
  public CorruptLogException toException() {
    return new CorruptLogException(file, offset, persistenceId, reason);
  }

  @Override
  public String toString() {
    return toException().getMessage()
        + " (damaged bytes "
        + offset
        + ".."
        + end
        + (persistenceId == null ? "; owner unknown, so every id may be affected)" : ")");
  }
}
