package io.interstice.runtime.module.check;

/**
 * The first place where a re-run reducer call did something else than its logged transaction: the
 * transaction, what differs ({@link Aspect}), and where: the table and position of the first row
 * change that differs, or the position of the call or schedule, with the logged ({@code expected})
 * and re-run ({@code actual}) values as readable text.
 *
 * @param txId the transaction whose re-run differs
 * @param reducer its reducer
 * @param trigger what triggered it, in words ({@code client call as alice})
 * @param aspect what differs
 * @param index position (from 0) of the first differing change, call or schedule; -1 for a failure
 * @param table the table of the differing row change, or null
 * @param expected what the log holds there ({@code nothing} when the re-run did more)
 * @param actual what the re-run did there ({@code nothing} when it did less)
 */
public record Divergence(
    long txId,
    String reducer,
    String trigger,
    Aspect aspect,
    int index,
    String table,
    String expected,
    String actual) {

  /** What of a transaction a re-run did differently. */
  public enum Aspect {
    /** The row changes to logged tables. */
    CHANGES,
    /** The calls to other modules it sent through the outbox. */
    CALLS,
    /** The schedules it created or cancelled. */
    SCHEDULES,
    /** The re-run failed (refused, trapped, broke a limit) where the logged call committed. */
    FAILED
  }

  /** One paragraph for people: where, and expected against actual. */
  public String describe() {
    var where =
        "transaction "
            + txId
            + " ("
            + reducer
            + ", "
            + trigger
            + ")"
            + (table == null ? "" : ", table " + table)
            + (index < 0 ? "" : ", " + noun() + " #" + (index + 1));
    return where
        + ": "
        + (aspect == Aspect.FAILED ? "the re-run failed" : "the re-run differs")
        + "\n  expected: "
        + expected
        + "\n  actual:   "
        + actual;
  }

  private String noun() {
    switch (aspect) {
      case CALLS:
        return "call";
      case SCHEDULES:
        return "schedule";
      default:
        return "row change";
    }
  }
}
