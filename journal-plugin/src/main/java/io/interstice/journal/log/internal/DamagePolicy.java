package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryMode;
import java.util.List;
import java.util.Objects;

/** How damage found when a log was loaded affects reading its persistence ids. Stateless. */
public final class DamagePolicy {
  private DamagePolicy() {}

  /**
   * In {@link RecoveryMode#STRICT}, damage blocks the id it was read from, or every id when the
   * damaged frame's id is unreadable; the other modes have already dealt with it at load.
   */
  public static void checkReadable(
      List<LogDamage> damage, RecoveryMode mode, String persistenceId) {
    if (mode != RecoveryMode.STRICT) {
      return;
    }
    for (var d : damage) {
      if (d.persistenceId() == null || Objects.equals(d.persistenceId(), persistenceId)) {
        throw new CorruptLogException(
            d.file(),
            d.offset(),
            d.persistenceId(),
            d.reason()
                + "; recovery of '"
                + persistenceId
                + "' refused in recovery-mode strict (see `interstice log repair`)");
      }
    }
  }
}
