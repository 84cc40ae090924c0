package io.interstice.journal.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The substitutes tests installed with {@link SegmentChannels#substitute}, by directory. Empty in
 * production, where opening a segment costs one look at an empty map.
 *
 * <p>Thread-safe: a concurrent map, read on every segment open.
 */
final class ChannelSubstitutes {
  private static final Map<Path, SegmentChannels> BY_DIRECTORY = new ConcurrentHashMap<>();

  private ChannelSubstitutes() {}

  static AutoCloseable install(Path directory, SegmentChannels channels) {
    var key = directory.toAbsolutePath().normalize();
    BY_DIRECTORY.put(key, channels);
    return () -> BY_DIRECTORY.remove(key, channels);
  }

  static FileChannel open(Path segment, Set<? extends OpenOption> options) throws IOException {
    if (!BY_DIRECTORY.isEmpty()) {
      var path = segment.toAbsolutePath().normalize();
      for (var entry : BY_DIRECTORY.entrySet()) {
        if (path.startsWith(entry.getKey())) {
          return entry.getValue().open(segment, options);
        }
      }
    }
    return FileChannel.open(segment, options);
  }
}
