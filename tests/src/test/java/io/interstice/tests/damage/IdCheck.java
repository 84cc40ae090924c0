package io.interstice.tests.damage;

import io.interstice.tests.damage.Judge.Severity;
import io.interstice.tests.damage.Recovered.Event;
import io.interstice.tests.damage.Recovered.IdRecovery;
import io.interstice.tests.damage.WriterReport.IdReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the completed recovery of one id with what the writer acknowledged for it, collecting
 * each problem with its {@link Severity}. Every sequence number up to the highest acknowledged one
 * was acknowledged (the writer has one atomic write in flight at a time), so beyond the snapshot
 * each of them must come back with its text; above them only the one atomic write that may have
 * been in flight at the kill may appear, and only whole.
 *
 * <p>Not thread-safe; one per check.
 */
final class IdCheck {
  private final IdReport expected;
  private final String id;
  private final List<String> problems = new ArrayList<>();
  private Severity severity = Severity.OK;

  IdCheck(IdReport expected, IdRecovery recovered) {
    this.expected = expected;
    this.id = expected.persistenceId();
    checkSnapshot(recovered.snapshotSeq(), recovered.snapshotTexts());
    checkEvents(recovered.snapshotSeq(), recovered.events());
    if (recovered.highest() < expected.highestAcked()) {
      problem(
          Severity.LOWERED,
          "highest sequence number "
              + recovered.highest()
              + " is below the acknowledged "
              + expected.highestAcked());
    }
  }

  Severity severity() {
    return severity;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** A snapshot at S must hold exactly the texts of events 1..S. */
  private void checkSnapshot(long seq, List<String> texts) {
    if (texts.size() != seq) {
      problem(Severity.CHANGED, "snapshot at #" + seq + " holds " + texts.size() + " texts");
      return;
    }
    for (int i = 1; i <= texts.size(); i++) {
      var text = texts.get(i - 1);
      if (!fits(i, text)) {
        problem(Severity.CHANGED, "snapshot at #" + seq + " holds '" + text + "' as #" + i);
        return;
      }
    }
  }

  private void checkEvents(long snapshotSeq, List<Event> events) {
    long highestAcked = expected.highestAcked();
    long previous = snapshotSeq;
    EventText inFlight = null;
    for (var event : events) {
      long seq = event.sequenceNr();
      if (event.text() == null) {
        problem(Severity.CHANGED, "#" + seq + ": " + event.problem());
      } else if (seq <= previous) {
        problem(
            Severity.CHANGED, "#" + seq + " '" + event.text() + "' replayed after #" + previous);
        continue;
      } else if (!fits(seq, event.text())) {
        problem(Severity.CHANGED, "#" + seq + " is '" + event.text() + "', never written there");
      } else if (seq > highestAcked) {
        inFlight = checkInFlight(seq, event.text(), inFlight);
      }
      if (seq > previous + 1 && previous < highestAcked) {
        lost(previous + 1, Math.min(seq - 1, highestAcked));
      }
      previous = Math.max(previous, seq);
    }
    if (previous < highestAcked) {
      lost(previous + 1, highestAcked);
    }
    if (inFlight != null && inFlight.index() != inFlight.size()) {
      problem(
          Severity.CHANGED,
          "unacknowledged atomic write c"
              + inFlight.command()
              + " recovered in part: "
              + inFlight.index()
              + " of "
              + inFlight.size()
              + " events");
    }
  }

  /**
   * An event above the highest acknowledged one must belong to the single atomic write that may
   * have been in flight, in its place: the next command, event k at highest acknowledged + k.
   */
  private EventText checkInFlight(long seq, String text, EventText previous) {
    var parsed = EventText.parse(text).orElseThrow();
    long highestAcked = expected.highestAcked();
    boolean inPlace =
        parsed.command() == expected.lastAckedCommand() + 1
            && parsed.index() == seq - highestAcked
            && parsed.index() == (previous == null ? 1 : previous.index() + 1)
            && (previous == null || parsed.size() == previous.size());
    if (!inPlace) {
      problem(
          Severity.CHANGED,
          "#" + seq + " '" + text + "' is not part of the write in flight after #" + highestAcked);
    }
    return parsed;
  }

  /** True when {@code text} is what was acknowledged at {@code seq}, or could have been written. */
  private boolean fits(long seq, String text) {
    var acked = expected.acked().get(seq);
    return acked != null ? acked.equals(text) : EventText.belongsAt(text, id, seq);
  }

  private void lost(long from, long to) {
    problem(
        Severity.LOST,
        "acknowledged "
            + (from == to ? "event #" + from : "events #" + from + "..#" + to)
            + " missing");
  }

  private void problem(Severity found, String what) {
    problems.add(what);
    if (found.compareTo(severity) > 0) {
      severity = found;
    }
  }
}
