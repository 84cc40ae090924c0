package io.interstice.cli;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a data directory the way users do: a real node (in this JVM, with its real journal and
 * snapshot store) runs the Java bank and the WebAssembly counter, upgrades the counter, and stops.
 * Segments are small and the bank takes snapshots often, so the log has several segments, events
 * deleted under a snapshot, and snapshots.
 */
final class NodeWrittenLog {
  /** The bank's transactions: 3 accounts opened, then transfers (the last two refused). */
  static final int TRANSFERS = 30;

  private NodeWrittenLog() {}

  static void write(Path dataDir) throws Exception {
    try (var node =
        IntersticeNode.builder()
            .dataDir(dataDir)
            .config(
                """
                interstice.journal.segment-size = 4KiB
                interstice.module.snapshot-every = 10
                """)
            .start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "alice", 100L);
      node.call("bank", "open", "bob", 0L);
      node.call("bank", "open", "carol", 5L);
      for (int i = 0; i < TRANSFERS; i++) {
        node.call("bank", "transfer", 1L, 2L, 1L);
      }
      node.deployWasm(Files.readAllBytes(SchemaToolsTest.COUNTER_V1));
      node.call("counter", "add", "first, \"quoted\"");
      node.deployWasm(Files.readAllBytes(SchemaToolsTest.COUNTER_V2));
      node.call("counter", "add_twice", "second");
    }
  }
}
