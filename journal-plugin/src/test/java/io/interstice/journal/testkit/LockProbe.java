package io.interstice.journal.testkit;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a separate JVM by tests: tries to take the OS lock of the file named by its argument, as
 * another process's journal would. Exits {@link #GOT_LOCK} or {@link #REFUSED}.
 */
public final class LockProbe {
  public static final int GOT_LOCK = 0;
  public static final int REFUSED = 3;

  private LockProbe() {}

  public static void main(String[] args) throws Exception {
    try (var channel =
        FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      var lock = channel.tryLock();
      System.exit(lock == null ? REFUSED : GOT_LOCK);
    }
  }
}
