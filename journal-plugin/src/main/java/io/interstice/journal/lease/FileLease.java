package io.interstice.journal.lease;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseException;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.LeaseTimeoutException;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pekko {@link Lease} kept in a small file on the data directory every node shares ({@link
 * LeaseDirectory}, {@link LeaseRecord}): Cluster Sharding's lease per shard ({@code
 * pekko.cluster.sharding.use-lease = "interstice.lease"}), which fences a paused or cut-off node
 * from acknowledging writes of a module that has moved ({@code docs/cluster.md}).
 *
 * <p><b>Protocol.</b> Every operation is a read-decide-write of the lease file under its lock. An
 * acquisition succeeds when the file is absent, released, expired by this node's wall clock, or
 * already names this owner; it writes {@code expires = now + heartbeat-timeout}. While held, a
 * renewal every {@code heartbeat-interval} rewrites the expiry; a renewal that finds the file
 * naming another owner, released or expired — or that comes after this node stopped trusting its
 * lease — drops the lease and calls the lease-lost callback. {@link #release} drops it at once and
 * writes the file as released.
 *
 * <p><b>Trust.</b> {@link #checkLease} is true only until {@code heartbeat-timeout − safety-margin}
 * after the start of the last successful acquisition or renewal, measured on both the monotonic
 * clock and the wall clock (whichever runs out first): others may take the lease only once their
 * wall clock passes {@code start + heartbeat-timeout}, so as long as no node's clock runs more than
 * {@code safety-margin} ahead of this one's, this node stops trusting its lease before anyone else
 * can acquire it. The check reads a field; it never touches the file.
 *
 * <p>Thread-safety: safe for concurrent use. Operations of one lease run one after another on the
 * I/O executor in the order they were called; the trusted-until instant is a volatile field read by
 * {@link #checkLease}; everything else is guarded by this object's lock.
 */
public final class FileLease extends Lease {
  private static final Logger LOG = LoggerFactory.getLogger(FileLease.class);

  /**
   * The holder's own view of its lease: trusted until both readings, for acquisition {@code term}.
   */
  private record Hold(long term, long untilNanos, long untilWallMillis) {
    boolean trustedAt(LeaseClock clock) {
      return untilNanos - clock.nanos() > 0 && clock.wallMillis() < untilWallMillis;
    }
  }

  private final LeaseSettings settings;
  private final FileLeaseSettings timing;
  private final String name;
  private final String owner;
  private final LeaseDirectory leases;
  private final LeaseClock clock;
  private final LeaseTimer timer;
  private final Executor io;

  private final Object lock = new Object();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private long term;
  private LeaseTimer.Scheduled heartbeat;
  private Consumer<Optional<Throwable>> lostCallback;
  private volatile Hold hold;

  /** The constructor Pekko's {@code LeaseProvider} calls for {@code lease-class}. */
  public FileLease(LeaseSettings settings, ExtendedActorSystem system) {
    this(
        builder(settings, FileLeaseSettings.from(settings, system.settings().config()))
            .timer(LeaseThreads.ID.get(system).timer())
            .io(system.dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher")));
  }

  private FileLease(Builder b) {
    this.settings = b.settings;
    this.timing = b.timing;
    this.name = b.settings.leaseName();
    this.owner = b.settings.ownerName();
    this.leases = LeaseDirectory.of(b.timing.dataDir(), b.timing.operationTimeout());
    this.clock = b.clock;
    this.timer = b.timer;
    this.io = b.io;
  }

  /** Configures a lease outside Pekko's {@code LeaseProvider} (tests, tools). */
  public static Builder builder(LeaseSettings settings, FileLeaseSettings timing) {
    return new Builder(settings, timing);
  }

  @Override
  public LeaseSettings getSettings() {
    return settings;
  }

  @Override
  public CompletionStage<Boolean> acquire() {
    return acquire(reason -> {});
  }

  /**
   * Acquires the lease: true when it is this owner's now, false when another owner holds it; fails
   * with {@link DamagedLeaseException} when the file cannot be trusted, and with {@link
   * LeaseTimeoutException} after {@code lease-operation-timeout}. {@code leaseLostCallback} is
   * called once, later, if a renewal finds the lease lost.
   */
  @Override
  public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
    Objects.requireNonNull(leaseLostCallback, "leaseLostCallback");
    var answer = bounded("acquire");
    enqueue(answer, () -> takeIfFree(leaseLostCallback, answer));
    return answer;
  }

  /** Stops trusting the lease at once, then writes it as released if this owner holds it. */
  @Override
  public CompletionStage<Boolean> release() {
    drop();
    var answer = bounded("release");
    enqueue(
        answer,
        () -> {
          drop(); // an acquisition queued before this release may have taken it since
          long now = clock.wallMillis();
          var written =
              leases.update(
                  name,
                  current ->
                      current
                          .filter(r -> r.heldBy(owner) && r.expiresMillis() != 0)
                          .map(r -> r.released(now)));
          answer.complete(written.isPresent());
        });
    return answer;
  }

  /** True while this owner certainly holds the lease; reads only memory and the clocks. */
  @Override
  public boolean checkLease() {
    var current = hold;
    return current != null && current.trustedAt(clock);
  }

  private void takeIfFree(
      Consumer<Optional<Throwable>> leaseLostCallback, CompletableFuture<Boolean> answer) {
    long startNanos = clock.nanos();
    long startWall = clock.wallMillis();
    var written =
        leases.update(
            name,
            current -> {
              if (current.isPresent()
                  && !current.get().heldBy(owner)
                  && !current.get().expiredAt(startWall)) {
                return Optional.empty();
              }
              long since =
                  current
                      .filter(r -> r.heldBy(owner) && !r.expiredAt(startWall))
                      .map(LeaseRecord::heldSinceMillis)
                      .orElse(startWall);
              return Optional.of(renewal(since, startWall));
            });
    if (written.isEmpty()) {
      answer.complete(false);
      return;
    }
    long acquired;
    synchronized (lock) {
      cancelHeartbeat();
      acquired = ++term;
      hold = trusted(acquired, startNanos, startWall);
      lostCallback = leaseLostCallback;
      scheduleRenewal(acquired);
    }
    if (!answer.complete(true)) {
      // The caller gave up waiting and believes it failed: nobody uses this lease, let it go.
      LOG.warn("lease {}: acquired after its caller gave up; releasing it", name);
      release();
    }
  }

  private LeaseRecord renewal(long heldSince, long startWall) {
    return new LeaseRecord(
        name, owner, heldSince, startWall, startWall + timing.heartbeatTimeout().toMillis());
  }

  private Hold trusted(long acquisition, long startNanos, long startWall) {
    var trusted = timing.trusted();
    return new Hold(acquisition, startNanos + trusted.toNanos(), startWall + trusted.toMillis());
  }

  /** One heartbeat of acquisition {@code acquired}: rewrites the expiry, or gives the lease up. */
  private void renew(long acquired) {
    var before = hold;
    if (before == null || before.term() != acquired) {
      return; // released, or acquired anew, since this heartbeat was scheduled
    }
    if (!before.trustedAt(clock)) {
      lose(
          acquired,
          "not renewed within " + timing.trusted().toMillis() + " ms of the last renewal");
      return;
    }
    long startNanos = clock.nanos();
    long startWall = clock.wallMillis();
    var found = new LeaseRecord[1];
    Optional<LeaseRecord> written;
    try {
      written =
          leases.update(
              name,
              current -> {
                found[0] = current.orElse(null);
                return current
                    .filter(r -> r.heldBy(owner) && !r.expiredAt(startWall))
                    .map(r -> renewal(r.heldSinceMillis(), startWall));
              });
    } catch (RuntimeException e) {
      // Kept while still trusted: the next heartbeat tries again, and loses it once trust runs out.
      LOG.warn("lease {}: renewal failed, retrying: {}", name, e.getMessage());
      synchronized (lock) {
        if (hold == before) {
          scheduleRenewal(acquired);
        }
      }
      return;
    }
    if (written.isEmpty()) {
      lose(acquired, whyLost(found[0], startWall));
      return;
    }
    synchronized (lock) {
      if (hold != before) {
        return;
      }
      if (!before.trustedAt(clock)) {
        lose(acquired, "renewal finished after this node stopped trusting the lease");
        return;
      }
      hold = trusted(acquired, startNanos, startWall);
      scheduleRenewal(acquired);
    }
  }

  private String whyLost(LeaseRecord found, long wallMillis) {
    if (found == null) {
      return "its file is gone";
    }
    if (!found.heldBy(owner)) {
      return "taken by " + found.owner();
    }
    return found.expiresMillis() == 0
        ? "released"
        : "expired " + (wallMillis - found.expiresMillis()) + " ms ago";
  }

  /** Drops acquisition {@code acquired} and tells whoever acquired it why. */
  private void lose(long acquired, String why) {
    Consumer<Optional<Throwable>> callback;
    synchronized (lock) {
      if (term != acquired || hold == null) {
        return;
      }
      hold = null;
      cancelHeartbeat();
      callback = lostCallback;
      lostCallback = null;
    }
    var reason = new LeaseException("lease " + name + " of " + owner + " lost: " + why);
    LOG.error("{}", reason.getMessage());
    if (callback != null) {
      callback.accept(Optional.of(reason));
    }
  }

  /** Stops trusting the lease and forgets its heartbeat and callback. */
  private void drop() {
    synchronized (lock) {
      term++;
      hold = null;
      cancelHeartbeat();
      lostCallback = null;
    }
  }

  /** Called with the lock held. */
  private void scheduleRenewal(long acquired) {
    heartbeat =
        timer.schedule(
            timing.heartbeatInterval(),
            () -> enqueue(new CompletableFuture<>(), () -> renew(acquired)));
  }

  /** Called with the lock held. */
  private void cancelHeartbeat() {
    if (heartbeat != null) {
      heartbeat.cancel();
      heartbeat = null;
    }
  }

  /** A future for an operation's answer that fails after {@code lease-operation-timeout}. */
  private CompletableFuture<Boolean> bounded(String operation) {
    var answer = new CompletableFuture<Boolean>();
    Duration limit = timing.operationTimeout();
    var timeout =
        timer.schedule(
            limit,
            () ->
                answer.completeExceptionally(
                    new LeaseTimeoutException(
                        "lease "
                            + name
                            + ": "
                            + operation
                            + " did not finish within "
                            + limit.toMillis()
                            + " ms")));
    answer.whenComplete((ok, error) -> timeout.cancel());
    return answer;
  }

  /** Runs {@code work} after every operation called before it; its failure fails {@code answer}. */
  private void enqueue(CompletableFuture<Boolean> answer, Runnable work) {
    synchronized (lock) {
      tail =
          tail.handleAsync(
              (ignored, error) -> {
                if (answer.isDone()) {
                  return null; // timed out while waiting its turn
                }
                try {
                  work.run();
                } catch (RuntimeException e) {
                  answer.completeExceptionally(e);
                }
                return null;
              },
              io);
    }
  }

  @Override
  public String toString() {
    return "FileLease[" + name + " of " + owner + "]";
  }

  /** Configuration of a {@link FileLease}: its clock, timers and I/O executor. Not thread-safe. */
  public static final class Builder {
    private final LeaseSettings settings;
    private final FileLeaseSettings timing;
    private LeaseClock clock = LeaseClock.SYSTEM;
    private LeaseTimer timer;
    private Executor io;

    private Builder(LeaseSettings settings, FileLeaseSettings timing) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.timing = Objects.requireNonNull(timing, "timing");
    }

    /** The clocks (default: {@link LeaseClock#SYSTEM}). */
    public Builder clock(LeaseClock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Where heartbeats and operation timeouts are scheduled (required). */
    public Builder timer(LeaseTimer value) {
      this.timer = Objects.requireNonNull(value, "timer");
      return this;
    }

    /** Where the file work runs (required); it blocks on the shared volume. */
    public Builder io(Executor value) {
      this.io = Objects.requireNonNull(value, "io");
      return this;
    }

    public FileLease build() {
      Objects.requireNonNull(timer, "timer");
      Objects.requireNonNull(io, "io");
      return new FileLease(this);
    }
  }
}
