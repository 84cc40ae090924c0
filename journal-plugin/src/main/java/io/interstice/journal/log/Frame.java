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

  /**
   * The frame's size in the log, its length and checksum fields included, as {@link
   * FrameCodec#encode} wrote it: what the frame costs on disk.
   */
  public long encodedLength() {
    long size = FrameCodec.HEADER_LENGTH + 1 + 2 + utf8Length(persistenceId) + 4;
    for (var e : events) {
      size += 8 + 8 + 4 + 6 + 4 + e.payload().length;
      size += utf8Length(e.serializerManifest());
      size += utf8Length(e.adapterManifest());
      size += utf8Length(e.writerUuid());
    }
    return size;
  }

  private static int utf8Length(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
