package io.interstice.cli.log;

import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Which transactions {@code log dump --changes} prints: of one module, touching one table (then
 * only that table's changes are shown), of one reducer, within a range of transaction ids and a
 * range of times (inclusive). A null field does not filter. Immutable.
 */
record TransactionFilter(
    String module,
    String table,
    String reducer,
    long fromTx,
    long toTx,
    Instant since,
    Instant until) {

  /**
   * Parses a transaction range: {@code 7}, {@code 5..9}, {@code 5..} or {@code ..9}.
   *
   * @throws IllegalArgumentException when it is none of these
   */
  static long[] txRange(String text) {
    if (text == null) {
      return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    }
    try {
      int dots = text.indexOf("..");
      if (dots < 0) {
        long tx = Long.parseLong(text.strip());
        return new long[] {tx, tx};
      }
      var from = text.substring(0, dots).strip();
      var to = text.substring(dots + 2).strip();
      return new long[] {
        from.isEmpty() ? Long.MIN_VALUE : Long.parseLong(from),
        to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to)
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--tx: expected ID, FROM..TO, FROM.. or ..TO (transaction ids), found " + text);
    }
  }

  /**
   * Parses a time as an ISO-8601 instant ({@code 2026-12-07T01:00:00Z}).
   *
   * @throws IllegalArgumentException when it is not one
   */
  static Instant time(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + ": expected an ISO-8601 instant such as 2026-12-07T01:00:00Z, found " + text);
    }
  }

  /** Whether the filter needs only the transactions of this module. */
  boolean admitsModule(String name) {
    return module == null || module.equals(name);
  }

  boolean admits(String moduleName, TxCommitted tx) {
    if (!admitsModule(moduleName)
        || (reducer != null && !reducer.equals(tx.reducer()))
        || tx.txId() < fromTx
        || tx.txId() > toTx) {
      return false;
    }
    var time = TransactionJson.time(tx.timestampMicros());
    if ((since != null && time.isBefore(since)) || (until != null && time.isAfter(until))) {
      return false;
    }
    return table == null || tx.changes().stream().anyMatch(this::admits);
  }

  /** Whether a change of an admitted transaction is shown. */
  boolean admits(LoggedChange change) {
    return table == null || table.equals(change.table());
  }
}
