package io.interstice.journal.log.internal;

import io.interstice.journal.JournalException;
import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.SegmentInfo;
import io.interstice.journal.log.SegmentInfo.SidecarState;
import io.interstice.journal.log.SegmentNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of one log directory: the one place that lists them, sizes, removes and truncates them,
 * resets the commit mark to the log's end and tells the state of a segment's sidecar. Names come
 * from {@link SegmentNames}. Every change is durable when it returns, except where a method says
 * the caller forces the directory.
 *
 * <p>Stateless apart from the directory; safe from any thread, but changes to one directory must
 * come from one owner at a time (the writer of an open log, or a tool holding the directory lock).
 */
public final class LogFiles {
  private final Path dir;

  public LogFiles(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /**
   * The files of a log directory by kind.
   *
   * @param segments base positions of the segment files, ascending
   * @param sidecars base positions of the sidecar files, ascending
   * @param temporary leftovers of interrupted atomic writes
   * @param foreign files that do not belong in a log directory
   */
  public record Listing(
      SortedSet<Long> segments,
      SortedSet<Long> sidecars,
      List<Path> temporary,
      List<Path> foreign) {
    /** Base of the last segment file; -1 when there is none. */
    public long lastSegment() {
      return segments.isEmpty() ? -1 : segments.last();
    }

    /** Base positions of segments and sidecars together, ascending. */
    public SortedSet<Long> bases() {
      var all = new TreeSet<>(segments);
      all.addAll(sidecars);
      return all;
    }
  }

  /** Lists the directory. */
  public Listing list() {
    var segments = new TreeSet<Long>();
    var sidecars = new TreeSet<Long>();
    var temporary = new ArrayList<Path>();
    var foreign = new ArrayList<Path>();
    try (Stream<Path> files = Files.list(dir)) {
      for (var file : (Iterable<Path>) files::iterator) {
        var name = file.getFileName().toString();
        if (!SegmentNames.isKnown(name)) {
          foreign.add(file);
        } else if (name.endsWith(SegmentNames.TEMP_SUFFIX)) {
          temporary.add(file);
        } else {
          SegmentNames.segmentBase(name).ifPresent(segments::add);
          SegmentNames.sidecarBase(name).ifPresent(sidecars::add);
        }
      }
    } catch (IOException e) {
      throw new JournalIoException("cannot list log directory " + dir + ": " + e.getMessage(), e);
    }
    return new Listing(segments, sidecars, temporary, foreign);
  }

  /**
   * Lists the directory for loading: refuses a foreign file, and removes temporary ones when {@code
   * writing}.
   *
   * @throws UnsupportedFormatException naming the first foreign file
   */
  Listing listForLoading(boolean writing) {
    var listing = list();
    if (!listing.foreign().isEmpty()) {
      throw new UnsupportedFormatException(
          "unexpected file "
              + listing.foreign().get(0)
              + " in log directory "
              + dir
              + ": only segments, sidecars, LOCK, commit.dat and deletions.dat belong there;"
              + " move it away");
    }
    if (writing) {
      listing.temporary().forEach(LogFiles::delete);
    }
    return listing;
  }

  /** Every segment file in log order, with its size and the state of its sidecar. */
  public List<SegmentInfo> segmentInfos() {
    var infos = new ArrayList<SegmentInfo>();
    for (long base : list().segments()) {
      var file = SegmentNames.segment(dir, base);
      long size = size(file);
      infos.add(new SegmentInfo(base, file, size, sidecarState(base, size)));
    }
    return infos;
  }

  /** Whether segment {@code base}, now {@code size} bytes, has a sidecar that describes it. */
  SidecarState sidecarState(long base, long size) {
    var sidecar = SegmentNames.sidecar(dir, base);
    if (!Files.exists(sidecar)) {
      return SidecarState.MISSING;
    }
    try {
      return stateOf(true, SidecarIndex.readContents(sidecar, base), size);
    } catch (JournalException e) {
      return SidecarState.BROKEN;
    }
  }

  /** The state of a sidecar from what reading it gave: {@code recorded} is null when it failed. */
  static SidecarState stateOf(boolean exists, SidecarIndex.Contents recorded, long size) {
    if (!exists) {
      return SidecarState.MISSING;
    }
    return recorded != null && recorded.segmentSize() == size
        ? SidecarState.OK
        : SidecarState.BROKEN;
  }

  /**
   * Removes segment {@code base} and its sidecar, the sidecar first: a crash in between never
   * leaves a sidecar without its segment, which would report the segment lost. The caller forces
   * the directory.
   */
  void removeSegment(long base) {
    delete(SegmentNames.sidecar(dir, base));
    delete(SegmentNames.segment(dir, base));
  }

  void forceDirectory() {
    Durable.forceDirectory(dir);
  }

  /** Rewrites the commit mark to the end of the last segment there is now, or removes it. */
  void markEnd() {
    var segments = list().segments();
    if (segments.isEmpty()) {
      delete(dir.resolve(SegmentNames.COMMIT_FILE));
      forceDirectory();
      return;
    }
    long base = segments.last();
    CommitMark.writeDurably(dir, base, base + size(SegmentNames.segment(dir, base)));
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot read size of " + file + ": " + e.getMessage(), e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new JournalIoException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  /** Cuts {@code file} to {@code size} bytes, and forces it. */
  public static void truncate(Path file, long size) {
    try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
      channel.force(true);
    } catch (IOException e) {
      throw new JournalIoException("cannot truncate " + file + ": " + e.getMessage(), e);
    }
  }
}
