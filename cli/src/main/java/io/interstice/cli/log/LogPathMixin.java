package io.interstice.cli.log;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where the log is: a log directory, or a data directory plus {@code --log-id}. */
public final class LogPathMixin {
  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description =
          "A log directory (<data-dir>/journal/<log-id>) or a data directory (then --log-id"
              + " picks the log).")
  Path path;

  @Option(
      names = "--log-id",
      defaultValue = "node-1",
      description = "Log to open when PATH is a data directory (default: ${DEFAULT-VALUE}).")
  String logId;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  /**
   * The data directory the log lives in: PATH itself, or for a log directory {@code
   * <data-dir>/journal/<log-id>} its grandparent; null when PATH is a log directory elsewhere.
   */
  Path dataDir() {
    if (Files.isDirectory(path.resolve(JournalStore.JOURNAL_DIR))) {
      return path;
    }
    var parent = path.toAbsolutePath().normalize().getParent();
    return parent != null && parent.getFileName().toString().equals(JournalStore.JOURNAL_DIR)
        ? parent.getParent()
        : null;
  }

  /** Opens the log for offline reading. */
  LogReader open() {
    var journal = path.resolve(JournalStore.JOURNAL_DIR);
    return Files.isDirectory(journal)
        ? LogReader.open(journal.resolve(logId))
        : LogReader.open(path);
  }
}
