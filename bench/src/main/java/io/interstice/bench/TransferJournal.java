package io.interstice.bench;

/** The journals the transfer rows run on, as node configuration. */
enum TransferJournal {
  /** The binary log in the node's data directory, acknowledging after the force. */
  DURABLE("durable"),
  /** Pekko's in-memory journal: no I/O at all, the ceiling of the runtime. */
  INMEM("inmem");

  final String label;

  TransferJournal(String label) {
    this.label = label;
  }

  /** Node configuration (HOCON) of this journal; {@code fsync} applies to the binary log only. */
  String config(String fsync, int snapshotEvery) {
    var module = "interstice.module.snapshot-every = " + snapshotEvery + "\n";
    if (this == INMEM) {
      return module
          + "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"\n"
          + "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.no-snapshot-store\"\n"
          // The binary log's setting (journal-plugin reference.conf), so both run the same
          // actor pipeline.
          + "pekko.persistence.journal.inmem.write-response-global-order = off\n";
    }
    return module + "interstice.journal.fsync = " + fsync + "\n";
  }

  static TransferJournal byLabel(String label) {
    for (var journal : values()) {
      if (journal.label.equals(label)) {
        return journal;
      }
    }
    throw new IllegalArgumentException("unknown journal '" + label + "'; use durable or inmem");
  }
}
