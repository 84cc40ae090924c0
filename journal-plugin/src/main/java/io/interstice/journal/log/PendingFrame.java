package io.interstice.journal.log;

import java.nio.ByteBuffer;

/**
 * A frame encoded by {@link FrameCodec#encode} and waiting to be appended.
 *
 * @param persistenceId the id whose events the frame holds
 * @param firstSequenceNr its first sequence number
 * @param lastSequenceNr its last sequence number
 * @param bytes the whole encoded frame, header and CRC included
 */
public record PendingFrame(
    String persistenceId, long firstSequenceNr, long lastSequenceNr, ByteBuffer bytes) {
  /** Encodes {@code events} of {@code persistenceId} into a pending frame. */
  public static PendingFrame of(String persistenceId, java.util.List<LogEvent> events) {
    return new PendingFrame(
        persistenceId,
        events.get(0).sequenceNr(),
        events.get(events.size() - 1).sequenceNr(),
        FrameCodec.encode(persistenceId, events));
  }

  public int length() {
    return bytes.remaining();
  }
}
