package io.interstice.journal.log.internal;

import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.LogReader;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The offline changes an operator makes to a stopped node's log ({@code interstice log repair}):
 * cut it before a frame, or remove its damaged regions. Both first record, durably, the sequence
 * numbers that go as holes ({@link DamageFences}), so that no id's highest number drops and strict
 * recovery accepts the shorter history; both leave the commit mark at the log's new end.
 *
 * <p>Not thread-safe; each operation holds the directory lock while it runs, so it never touches a
 * log a node is writing.
 */
public final class LogRepair {
  private final LogFiles files;
  private final String logId;

  public LogRepair(LogFiles files, String logId) {
    this.files = files;
    this.logId = logId;
  }

  /** See {@link LogReader#truncateAfter}. */
  public long truncateAfter(long position) {
    try (var lock = DirectoryLock.acquire(files.dir())) {
      checkFrameBoundary(position);
      var recovered = verified();
      var state = recovered.state();
      state.recordHoles(fences(state, Set.of()).cutAt(position).holes());
      long removed = 0;
      for (var info : recovered.report().segments()) {
        long end = info.base() + info.size();
        if (info.base() >= position) {
          removed += info.size();
          files.removeSegment(info.base());
        } else if (position < end) {
          removed += end - position;
          LogFiles.delete(SegmentNames.sidecar(files.dir(), info.base()));
          LogFiles.truncate(info.file(), position - info.base());
        }
      }
      files.forceDirectory();
      files.markEnd();
      return removed;
    }
  }

  private void checkFrameBoundary(long position) {
    boolean[] found = {false};
    for (var info : files.segmentInfos()) {
      if (position >= info.base() && position < info.base() + info.size()) {
        SegmentScanner.scan(info.file(), f -> found[0] |= f.position() == position);
      }
    }
    if (!found[0]) {
      throw new IllegalArgumentException(
          "no frame starts at position "
              + position
              + " in log "
              + files.dir()
              + " (see `log dump`)");
    }
  }

  /** See {@link LogReader#repair(Set)}. */
  public List<LogDamage> repair(Set<String> claimed) {
    try (var lock = DirectoryLock.acquire(files.dir())) {
      var recovered = verified();
      var removed = new ArrayList<>(recovered.report().damage());
      if (!removed.isEmpty()) {
        var state = recovered.state();
        state.recordHoles(fences(state, claimed).lose(removed).holes());
      }
      for (var info : recovered.report().segments()) {
        var scan = SegmentScanner.scan(info.file(), f -> {});
        if (scan.tornTail()) {
          removed.add(
              new LogDamage(
                  info.file(), scan.validEnd(), info.size(), null, "torn final frame removed"));
        }
        if (!scan.healthy() || removed.stream().anyMatch(d -> d.file().equals(info.file()))) {
          SegmentRewriter.rewriteWithoutDamage(files.dir(), scan);
        }
      }
      var listing = files.list();
      for (long base : listing.sidecars()) {
        if (!listing.segments().contains(base)) {
          LogFiles.delete(SegmentNames.sidecar(files.dir(), base));
        }
      }
      files.forceDirectory();
      files.markEnd();
      return removed;
    }
  }

  /** The log as verification sees it: every frame scanned, nothing changed. */
  private LogRecovery.Recovered verified() {
    var recovered = LogRecovery.verifying(files.dir(), logId, f -> {}, s -> {}).recover();
    recovered.state().close();
    return recovered;
  }

  private static DamageFences fences(LogState state, Set<String> claimed) {
    return new DamageFences(state.index(), state.segmentMap(), state.deletions(), claimed);
  }
}
