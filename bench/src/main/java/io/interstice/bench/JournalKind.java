package io.interstice.bench;

/** The journals the benchmark compares, each with the plugin id its actors write through. */
enum JournalKind {
  /** The binary log: one segmented node log, group commit, fsync per batch. */
  BINARY_LOG("binary-log", "interstice.journal"),
  /** One file, one force per event, serially: the naive design. */
  NAIVE("naive-fsync-per-event", "interstice.bench.naive-journal"),
  /** Pekko's in-memory journal: no I/O at all, the ceiling of the actor machinery. */
  INMEM("inmem", "pekko.persistence.journal.inmem"),
  /**
   * pekko-persistence-jdbc on a local PostgreSQL started for the run ({@link PostgresCluster}): the
   * usual production choice.
   */
  JDBC("jdbc-postgres", "jdbc-journal");

  final String label;
  final String pluginId;

  JournalKind(String label, String pluginId) {
    this.label = label;
    this.pluginId = pluginId;
  }

  static JournalKind byLabel(String label) {
    for (var kind : values()) {
      if (kind.label.equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown journal '"
            + label
            + "'; use binary-log, naive-fsync-per-event, inmem or jdbc-postgres");
  }
}
