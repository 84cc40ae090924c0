package io.interstice.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a live subscriber of a module's tables receives, in order: one {@link Current} with the rows
 * of the tables it named, then one {@link Committed} per transaction that changed any of them, in
 * commit order and only once that transaction is durable; {@link Ended} if the module stops (the
 * node shuts down or the module moves), after which nothing more arrives. The subscriber may be on
 * another node than the module.
 */
public sealed interface LiveUpdate extends ClusterMessage {

  /** The committed rows of each subscribed table when the subscription started. */
  record Current(String module, long txId, Map<String, List<Object[]>> rows)
      implements LiveUpdate {}

  /** The changes one durable transaction made to the subscribed tables, in the order made. */
  record Committed(String module, long txId, List<RowUpdate> changes) implements LiveUpdate {}

  /** The subscription is over. */
  record Ended(String module, String reason) implements LiveUpdate {}

  /** One row change: {@code oldRow} is null for an insert, {@code newRow} null for a delete. */
  record RowUpdate(String table, Kind kind, Object[] oldRow, Object[] newRow) {}

  /** What happened to the row. */
  enum Kind {
    INSERT,
    UPDATE,
    DELETE
  }
}
