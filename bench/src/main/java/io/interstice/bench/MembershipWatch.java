package io.interstice.bench;

import java.util.concurrent.TimeUnit;

/**
 * Watches, through one survivor's {@code GET /v1/cluster}, what becomes of a killed member: when
 * the survivor first shows it unreachable, and when it first no longer lists it (downed by the
 * split brain resolver and removed by the leader). A poll every 100 ms, each answered within a
 * second or skipped, on a thread of its own.
 *
 * <p>Thread-safety: the watching thread writes the two instants, volatile; the driving thread reads
 * them after {@link #close}.
 */
final class MembershipWatch implements AutoCloseable {
  private static final long POLL_MILLIS = 100;

  private final NodeProcess survivor;
  private final String member;
  private final Thread thread;
  private volatile boolean stop;
  private volatile long unreachableAt;
  private volatile long removedAt;

  private MembershipWatch(NodeProcess survivor, String member) {
    this.survivor = survivor;
    this.member = member;
    this.thread = new Thread(this::watch, "cluster-bench-membership-watch");
    thread.setDaemon(true);
  }

  /** Starts watching {@code member} (a cluster address) through {@code survivor}. */
  static MembershipWatch start(NodeProcess survivor, String member) {
    var watch = new MembershipWatch(survivor, member);
    watch.thread.start();
    return watch;
  }

  private void watch() {
    while (!stop && removedAt == 0) {
      survivor
          .cluster()
          .ifPresent(
              status -> {
                long now = System.nanoTime();
                var seen = status.members().stream().filter(m -> m.address().equals(member));
                var found = seen.findFirst();
                if (found.isEmpty()) {
                  removedAt = now;
                } else if (!found.get().reachable() && unreachableAt == 0) {
                  unreachableAt = now;
                }
              });
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Milliseconds from {@code sinceNanos} until a poll showed the member unreachable, or -1. */
  double unreachableMillis(long sinceNanos) {
    return millis(unreachableAt, sinceNanos);
  }

  /** Milliseconds from {@code sinceNanos} until a poll no longer listed the member, or -1. */
  double removedMillis(long sinceNanos) {
    return millis(removedAt, sinceNanos);
  }

  private static double millis(long at, long sinceNanos) {
    return at == 0 ? -1 : (at - sinceNanos) / 1e6;
  }

  /** Stops the watch and waits for its thread, at most 5 s. */
  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
