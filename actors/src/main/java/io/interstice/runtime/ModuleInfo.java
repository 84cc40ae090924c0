package io.interstice.runtime;

import io.interstice.sdk.schema.ModuleSchema;
import java.util.List;

/**
 * What a node knows of a deployed module: name, version, code, schema, the id of its last committed
 * transaction, how it came back when its actor last started, how its code runs ({@code engine}:
 * "java", "compiled", "interpreter", …; "none" when it cannot run), and why it cannot run, if it
 * cannot ({@code problem}: it failed to recover, or its code cannot be loaded; null when it runs),
 * and the versions it was deployed and upgraded to, oldest first ({@code history}).
 */
public record ModuleInfo(
    String name,
    int version,
    String code,
    ModuleSchema schema,
    long lastTxId,
    RecoveryInfo recovery,
    String engine,
    String problem,
    List<Installation> history) {

  public ModuleInfo {
    history = history == null ? List.of() : List.copyOf(history);
  }

  /**
   * A deploy or an upgrade that the module's log holds: its kind, the version and code it
   * installed, and its transaction time.
   */
  public record Installation(Kind kind, int version, String code, long timestampMicros) {
    /** Whether an installation deployed the module or upgraded it. */
    public enum Kind {
      DEPLOYED,
      UPGRADED
    }
  }

  /**
   * How a module actor recovered: transactions it holds after recovery (from snapshot and log),
   * events replayed from the log, the sequence number of the snapshot it started from (0 for none),
   * and how long it took.
   */
  public record RecoveryInfo(
      long recoveredTransactions, long replayedEvents, long snapshotSequenceNr, long millis) {}
}
