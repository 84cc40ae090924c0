package io.interstice.tests.damage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.tests.damage.Judge.Outcome;
import io.interstice.tests.damage.Recovered.Event;
import io.interstice.tests.damage.Recovered.IdRecovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The damage suite's judge on recoveries made up by hand: it must never let a changed, invented,
 * partial or unnamed loss pass, and must not call a named loss silent.
 */
class JudgeTest {
  private static final String ID = "damage-0";
  private static final Path SEGMENT = Path.of("journal", "node-1", "00000000000000000000.log");
  private static final String S1 = ID + ".s1.c1.1of2.abc";
  private static final String S2 = ID + ".s2.c1.2of2.";
  private static final String S3 = ID + ".s3.c2.1of1.xyz";

  private static final WriterReport REPORT =
      WriterReport.parse(
          List.of(
              "READY",
              "ACK " + ID + " 1 " + S1,
              "ACK " + ID + " 2 " + S2,
              "SNAP " + ID + " 2",
              "ACK " + ID + " 3 " + S3),
          List.of(ID));

  private final Judge judge =
      new Judge(
          REPORT,
          List.of(
              SEGMENT,
              Path.of("snapshots", ID, "newest.dat"),
              Path.of("snapshots", "damage-1", "newest.dat")));

  @Test
  void shouldCallEveryAcknowledgedEventBackHarmless() {
    var verdict = judge.judge(recovered(RecoveryMode.STRICT, replayed(S1, S2, S3), 3), SEGMENT);

    assertEquals(Outcome.HARMLESS, verdict.outcome());
  }

  @Test
  void shouldCallAnUnnamedLossSilentEvenWhenTheHighestIsKept() {
    var verdict = judge.judge(recovered(RecoveryMode.STRICT, replayed(S1, S2), 3), SEGMENT);

    assertEquals(Outcome.SILENT, verdict.outcome(), verdict.findings().toString());
  }

  @Test
  void shouldCallAFailureNamingTheDamagedFileLoud() {
    var failure = new CorruptLogException(Path.of("/data").resolve(SEGMENT), 40, ID, "bad CRC");
    var verdict = judge.judge(failed(RecoveryMode.STRICT, failure), SEGMENT);

    assertEquals(Outcome.LOUD, verdict.outcome());
  }

  @Test
  void shouldCallAFailureNamingAnotherFileSilent() {
    var other = Path.of("/data/journal/node-1/00000000000000032768.log");
    var verdict =
        judge.judge(
            failed(RecoveryMode.STRICT, new CorruptLogException(other, 0, ID, "bad")), SEGMENT);

    assertEquals(Outcome.SILENT, verdict.outcome());
  }

  @Test
  void shouldAcceptADamageReportForALossOnlyInLenientModes() {
    var report = List.of("corrupt log /data/" + SEGMENT + " at offset 40: bad CRC");
    var lost = new IdRecovery(null, 0, List.of(), 3, replayed(S1, S3));

    var strict =
        judge.judge(
            new Recovered(RecoveryMode.STRICT, Map.of(ID, lost), report, List.of()), SEGMENT);
    var skip =
        judge.judge(
            new Recovered(RecoveryMode.SKIP_CORRUPTED, Map.of(ID, lost), report, List.of()),
            SEGMENT);

    assertEquals(Outcome.SILENT, strict.outcome());
    assertEquals(Outcome.LOUD, skip.outcome());
  }

  @Test
  void shouldCallAChangedEventSilentEvenWhenTheDamageIsReported() {
    var report = List.of("corrupt log /data/" + SEGMENT + " at offset 40: bad CRC");
    var changed = new IdRecovery(null, 0, List.of(), 3, replayed(S1, S2, ID + ".s3.c2.1of1.xyw"));

    var verdict =
        judge.judge(
            new Recovered(RecoveryMode.SKIP_CORRUPTED, Map.of(ID, changed), report, List.of()),
            SEGMENT);

    assertEquals(Outcome.SILENT, verdict.outcome());
  }

  @Test
  void shouldCallALoweredHighestSilentEvenWhenTheLossIsReported() {
    var report = List.of("corrupt log /data/" + SEGMENT + " at offset 40: bad CRC");
    var lowered = new IdRecovery(null, 0, List.of(), 2, replayed(S1, S2));

    var verdict =
        judge.judge(
            new Recovered(
                RecoveryMode.TRUNCATE_AFTER_CORRUPTION, Map.of(ID, lowered), report, List.of()),
            SEGMENT);

    assertEquals(Outcome.SILENT, verdict.outcome());
  }

  @Test
  void shouldAcceptTheWholeWriteInFlightButNotPartOfIt() {
    var whole = replayed(S1, S2, S3, ID + ".s4.c3.1of2.q", ID + ".s5.c3.2of2.r");
    var part = replayed(S1, S2, S3, ID + ".s4.c3.1of2.q");
    var skipped = replayed(S1, S2, S3, ID + ".s5.c3.2of2.r");

    assertEquals(
        Outcome.HARMLESS, judge.judge(recovered(RecoveryMode.STRICT, whole, 5), SEGMENT).outcome());
    assertEquals(
        Outcome.SILENT, judge.judge(recovered(RecoveryMode.STRICT, part, 4), SEGMENT).outcome());
    assertEquals(
        Outcome.SILENT, judge.judge(recovered(RecoveryMode.STRICT, skipped, 5), SEGMENT).outcome());
  }

  @Test
  void shouldRequireASnapshotToHoldExactlyTheEventsUpToIt() {
    var exact = new IdRecovery(null, 2, List.of(S1, S2), 3, replayed(S3));
    var short1 = new IdRecovery(null, 2, List.of(S1), 3, replayed(S3));

    assertEquals(
        Outcome.HARMLESS, judge.judge(only(RecoveryMode.STRICT, exact), SEGMENT).outcome());
    assertEquals(Outcome.SILENT, judge.judge(only(RecoveryMode.STRICT, short1), SEGMENT).outcome());
  }

  @Test
  void shouldCallAnEventReplayedTwiceSilent() {
    var twice = new IdRecovery(null, 0, List.of(), 3, replayed(S1, S2, S3));
    var events = new ArrayList<>(twice.events());
    events.add(new Event(3, S3, null));

    var verdict =
        judge.judge(
            only(RecoveryMode.STRICT, new IdRecovery(null, 0, List.of(), 3, events)), SEGMENT);

    assertEquals(Outcome.SILENT, verdict.outcome());
  }

  @Test
  void shouldNeedTheFolderToNameAFileWhoseNameIsShared() {
    var marker = Path.of("snapshots", ID, "newest.dat");
    var vague = new CorruptLogException(Path.of("newest.dat"), 0, null, "bad");
    var precise = new CorruptLogException(Path.of("/data").resolve(marker), 0, null, "bad");

    assertEquals(Outcome.SILENT, judge.judge(failed(RecoveryMode.STRICT, vague), marker).outcome());
    assertEquals(Outcome.LOUD, judge.judge(failed(RecoveryMode.STRICT, precise), marker).outcome());
  }

  @Test
  void shouldRefuseAReportWhoseAcknowledgementsHaveGaps() {
    var lines = List.of("ACK " + ID + " 1 " + S1, "ACK " + ID + " 3 " + S3);

    assertThrows(IllegalStateException.class, () -> WriterReport.parse(lines, List.of(ID)));
  }

  private static List<Event> replayed(String... texts) {
    var events = new ArrayList<Event>();
    for (var text : texts) {
      events.add(new Event(EventText.parse(text).orElseThrow().sequenceNr(), text, null));
    }
    return events;
  }

  private static Recovered recovered(RecoveryMode mode, List<Event> events, long highest) {
    return only(mode, new IdRecovery(null, 0, List.of(), highest, events));
  }

  private static Recovered only(RecoveryMode mode, IdRecovery recovery) {
    return new Recovered(mode, Map.of(ID, recovery), List.of(), List.of());
  }

  private static Recovered failed(RecoveryMode mode, Throwable failure) {
    return only(mode, IdRecovery.failed(failure));
  }
}
