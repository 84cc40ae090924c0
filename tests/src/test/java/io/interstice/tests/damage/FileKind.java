package io.interstice.tests.damage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a file of a data directory is, judged from its place and name as docs/log-format.md lays
 * them out, not from the journal's code. The last segment of a log (the one still being appended
 * to) is a kind of its own: a torn tail is legitimate there and nowhere else.
 */
enum FileKind {
  SEALED_SEGMENT("sealed segment"),
  LAST_SEGMENT("last segment"),
  SIDECAR("sidecar"),
  DELETIONS("deletions"),
  HISTORY("history"),
  SNAPSHOT("snapshot"),
  SNAPSHOT_MARKER("snapshot marker"),
  OTHER("other");

  /** The lock file's content means nothing once its holder is dead; damaging it tests nothing. */
  static final String LOCK_FILE = "LOCK";

  private final String label;

  FileKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /**
   * The kind of every file in {@code files} (paths relative to the data directory) but the lock
   * files, in the given order.
   */
  static Map<Path, FileKind> classify(List<Path> files) {
    var lastSegments = new LinkedHashMap<Path, Path>();
    for (var file : files) {
      if (name(file).endsWith(".log") && isInLogDir(file)) {
        lastSegments.merge(file.getParent(), file, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    var kinds = new LinkedHashMap<Path, FileKind>();
    for (var file : files) {
      if (!name(file).equals(LOCK_FILE)) {
        kinds.put(file, of(file, lastSegments.containsValue(file)));
      }
    }
    return kinds;
  }

  private static FileKind of(Path file, boolean lastSegment) {
    var name = name(file);
    var top = file.getName(0).toString();
    if (top.equals("snapshots") && file.getNameCount() == 3) {
      return name.endsWith(".snap")
          ? SNAPSHOT
          : name.equals("newest.dat") ? SNAPSHOT_MARKER : OTHER;
    }
    if (file.getNameCount() == 3 && file.getName(1).toString().equals("histories")) {
      return name.endsWith(".hist") ? HISTORY : OTHER;
    }
    if (isInLogDir(file)) {
      if (name.endsWith(".log")) {
        return lastSegment ? LAST_SEGMENT : SEALED_SEGMENT;
      }
      if (name.endsWith(".idx")) {
        return SIDECAR;
      }
      if (name.equals("deletions.dat")) {
        return DELETIONS;
      }
    }
    return OTHER;
  }

  private static boolean isInLogDir(Path file) {
    return file.getNameCount() == 3
        && file.getName(0).toString().equals("journal")
        && !file.getName(1).toString().equals("histories");
  }

  private static String name(Path file) {
    return file.getFileName().toString();
  }
}
