package io.interstice.journal.log;

import io.interstice.journal.CorruptLogException;
import java.nio.file.Path;

/**
 * A damaged region of a log, found when it was opened, by a replay or by the scrub.
 *
 * @param file the segment file (or the file that is missing)
 * @param offset byte offset of the first damaged byte inside the file
 * @param end offset where valid data resumes (file size when nothing valid follows)
 * @param persistenceId the id the damaged bytes belonged to when that is known for certain (from a
 *     verified sidecar or index), or null: bytes that fail their checksum never vouch for an id
 * @param firstSequenceNr first sequence number lost, when known for certain; 0 otherwise
 * @param lastSequenceNr last sequence number lost, when known for certain; 0 otherwise
 * @param reason what is wrong, with stored and computed values where there are any
 */
public record LogDamage(
    Path file,
    long offset,
    long end,
    String persistenceId,
    long firstSequenceNr,
    long lastSequenceNr,
    String reason) {

  /** Damage whose lost sequence numbers are not known. */
  public LogDamage(Path file, long offset, long end, String persistenceId, String reason) {
    this(file, offset, end, persistenceId, 0, 0, reason);
  }

  /** True when the lost sequence numbers of a known owner are known too. */
  public boolean sequenceNrsKnown() {
    return persistenceId != null && firstSequenceNr > 0;
  }

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
