package io.interstice.journal.log;

import java.nio.file.Path;

/**
 * A segment file of a log as found on disk, and the state of its sidecar index. Immutable.
 *
 * @param base the segment's base position (its file name)
 * @param file the segment file
 * @param size its size in bytes when it was looked at
 * @param sidecar whether its sidecar is present and matches it
 */
public record SegmentInfo(long base, Path file, long size, SidecarState sidecar) {
  /** Whether a segment's sidecar index is present and matches it. */
  public enum SidecarState {
    /** Present, checksum good, describes this segment at its current size. */
    OK,
    /** Not written: the active segment, or a segment sealed by a crash before its sidecar. */
    MISSING,
    /** Present but damaged, of another version, or describing another base or size. */
    BROKEN
  }
}
