package io.interstice.tests.damage;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the text of a {@link DamageWriter} event says about itself: {@code
 * <id>.s<seq>.c<command>.<k>of<n>.<padding>}, event {@code k} of the {@code n} events that command
 * number {@code command} of persistence id {@code id} persisted in one atomic write, at sequence
 * number {@code seq}. Because every event names its own id and sequence number, a recovered event
 * that was never acknowledged can still be told apart from one the journal moved, mixed up or
 * invented.
 *
 * @param persistenceId the id that persisted the event
 * @param sequenceNr the sequence number the writer expected it to get
 * @param command the writer's command number; one atomic write per command
 * @param index position of the event in its atomic write, from 1
 * @param size number of events in that atomic write
 */
public record EventText(String persistenceId, long sequenceNr, int command, int index, int size) {
  private static final Pattern FORMAT =
      Pattern.compile("([^.]+)\\.s(\\d{1,18})\\.c(\\d{1,9})\\.(\\d{1,2})of(\\d{1,2})\\.[a-z]*");

  /** The text of this event with {@code padding} (lower-case letters) appended. */
  public String withPadding(String padding) {
    return persistenceId
        + ".s"
        + sequenceNr
        + ".c"
        + command
        + "."
        + index
        + "of"
        + size
        + "."
        + padding;
  }

  /** The fields of {@code text}, or empty when it is not a well-formed writer text. */
  public static Optional<EventText> parse(String text) {
    var m = FORMAT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    var parsed =
        new EventText(
            m.group(1),
            Long.parseLong(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)));
    return parsed.index() >= 1 && parsed.index() <= parsed.size()
        ? Optional.of(parsed)
        : Optional.empty();
  }

  /** True when {@code text} is a well-formed event of {@code persistenceId} at {@code seq}. */
  public static boolean belongsAt(String text, String persistenceId, long seq) {
    return parse(text)
        .filter(t -> t.persistenceId().equals(persistenceId) && t.sequenceNr() == seq)
        .isPresent();
  }
}
