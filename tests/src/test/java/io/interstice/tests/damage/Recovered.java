package io.interstice.tests.damage;

import io.interstice.journal.log.RecoveryMode;
import java.util.List;
import java.util.Map;

/**
 * What one recovery of every id in one recovery mode produced, as a persistent actor would have
 * seen it, and what the journal said about damage on the way.
 *
 * @param mode the recovery mode
 * @param ids the outcome for each persistence id
 * @param damageReports what the journal store and the snapshot directory list as damage
 * @param logged what the journal logged at WARN and above (not part of the verdict)
 */
record Recovered(
    RecoveryMode mode,
    Map<String, IdRecovery> ids,
    List<String> damageReports,
    List<String> logged) {

  /**
   * The recovery of one id: the snapshot it started from, the highest sequence number it would
   * continue after and the events replayed on top; or the failure that stopped it.
   *
   * @param failure what stopped the recovery, null when it completed
   * @param snapshotSeq sequence number of the snapshot recovered, 0 when none
   * @param snapshotTexts the texts the snapshot holds
   * @param highest the highest sequence number the id continues after
   * @param events the events replayed after the snapshot, in replay order
   */
  record IdRecovery(
      Throwable failure,
      long snapshotSeq,
      List<String> snapshotTexts,
      long highest,
      List<Event> events) {
    static IdRecovery failed(Throwable failure) {
      return new IdRecovery(failure, 0, List.of(), 0, List.of());
    }
  }

  /**
   * A replayed event.
   *
   * @param sequenceNr the sequence number the journal gave it
   * @param text its text; null when the payload did not deserialize to a writer's event
   * @param problem why the payload did not deserialize; null when it did
   */
  record Event(long sequenceNr, String text, String problem) {}
}
