package io.interstice.journal.log;

import java.util.List;

/**
 * One decoded frame: the events of one {@code AtomicWrite} of one persistence id, and where the
 * frame starts in the log.
 *
 * @param position log position of the frame's first byte (segment base + file offset)
 * @param persistenceId the persistence id all events belong to
 * @param events the events, in ascending sequence order, never empty
 */
public record Frame(long position, String persistenceId, List<LogEvent> events) {
  public long firstSequenceNr() {
    return events.get(0).sequenceNr();
  }

  public long lastSequenceNr() {
    return events.get(events.size() - 1).sequenceNr();
  }
}
