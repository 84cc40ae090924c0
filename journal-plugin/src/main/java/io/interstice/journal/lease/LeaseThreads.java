package io.interstice.journal.lease;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * The timer thread shared by every {@link FileLease} of an actor system: one daemon thread that
 * only hands renewals to the blocking dispatcher, stopped when the system terminates. (A lease's
 * file work never runs on it, so one slow shared volume operation cannot delay another lease's
 * renewal.)
 *
 * <p>Thread-safe.
 */
final class LeaseThreads implements Extension {
  static final Id ID = new Id();

  private final ScheduledExecutorService executor;

  private LeaseThreads(ExtendedActorSystem system) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              var thread = new Thread(task, "interstice-lease-timer-" + system.name());
              thread.setDaemon(true);
              return thread;
            });
    system.registerOnTermination(executor::shutdownNow);
  }

  /** The timers of the leases of this system. */
  LeaseTimer timer() {
    return LeaseTimer.of(executor);
  }

  /** Extension id of {@link LeaseThreads}. */
  static final class Id extends AbstractExtensionId<LeaseThreads> implements ExtensionIdProvider {
    private Id() {}

    @Override
    public LeaseThreads createExtension(ExtendedActorSystem system) {
      return new LeaseThreads(system);
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
