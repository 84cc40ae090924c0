package io.interstice.journal.log.internal;

/**
 * Where one frame of a persistence id lies and which sequence numbers it holds.
 *
 * @param position log position of the frame
 * @param firstSequenceNr first sequence number in the frame
 * @param lastSequenceNr last sequence number in the frame
 */
public record IndexEntry(long position, long firstSequenceNr, long lastSequenceNr) {}
