package io.interstice.bench;

import io.interstice.client.IdempotencyKey;
import io.interstice.client.IntersticeClient;
import io.interstice.client.IntersticeClientException;
import io.interstice.examples.bank.Bank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The failover part of {@link ClusterBench}: on a local cluster of three node processes, the node
 * running the bank example is killed with {@code kill -9}, and the time is taken from the kill to
 * the first call on the bank that a survivor answers 200; then the killed node is started again and
 * rejoins, and the next trial kills whichever node runs the bank then.
 *
 * <p>The probe is {@code deposit(1, 1)}, sent to the survivors in turn, each attempt with a 1 s
 * timeout, all attempts of a trial with the trial's idempotency key: an attempt that timed out may
 * still commit, and the next one with the same key is then answered with its receipt instead of
 * depositing again.
 *
 * <p>Not thread-safe: one thread runs the trials.
 */
final class FailoverTrials {
  static final String MODULE = "bank";
  static final int NODES = 3;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final long RETRY_PAUSE_MILLIS = 20;

  private FailoverTrials() {}

  /** Runs {@code trials} failovers on a fresh cluster in {@code dataDir}. */
  static List<FailoverTrial> run(Path dataDir, int trials) throws Exception {
    var results = new ArrayList<FailoverTrial>();
    try (var cluster = NodeCluster.start(dataDir, NODES, START_TIMEOUT)) {
      var first = cluster.nodes().get(0);
      try (var setup =
          IntersticeClient.builder(URI.create(first.url()))
              .requestTimeout(Duration.ofSeconds(30))
              .build()) {
        setup.deployJava(Bank.class.getName());
        setup.call(MODULE, "open", IdempotencyKey.of("open-probe"), "probe", 0);
      }
      for (int trial = 1; trial <= trials; trial++) {
        results.add(printed(trial(cluster, trial)));
        Thread.sleep(SETTLE.toMillis());
      }
    }
    return results;
  }

  private static FailoverTrial trial(NodeCluster cluster, int trial) throws Exception {
    var host = cluster.hostOf(MODULE, Duration.ofSeconds(30));
    var survivors = cluster.nodes().stream().filter(n -> n != host).toList();
    long killedAt;
    Probes probes;
    double unreachable;
    double removed;
    try (var watch = MembershipWatch.start(survivors.get(0), host.address())) {
      killedAt = host.kill();
      probes = probeUntilServed(survivors, IdempotencyKey.of("failover-" + trial), killedAt, host);
      unreachable = watch.unreachableMillis(killedAt);
      removed = watch.removedMillis(killedAt);
    }
    var movedTo = cluster.hostOf(MODULE, Duration.ofSeconds(30)).id();
    long restart = System.nanoTime();
    host.start();
    cluster.awaitMembersUp(START_TIMEOUT);
    return new FailoverTrial(
        trial,
        host.id(),
        movedTo,
        (probes.servedAt() - killedAt) / 1e6,
        unreachable,
        removed,
        probes.attempts(),
        probes.failures(),
        (System.nanoTime() - restart) / 1e6);
  }

  /** What the probes of one trial saw: when one was answered 200, and what failed before. */
  private record Probes(long servedAt, int attempts, Map<String, Integer> failures) {}

  /**
   * Sends the probe to the survivors in turn, 20 ms apart, until one is answered 200; fails once
   * {@link #SERVE_TIMEOUT} has passed since the kill.
   */
  private static Probes probeUntilServed(
      List<NodeProcess> survivors, IdempotencyKey key, long killedAt, NodeProcess killed)
      throws InterruptedException {
    var failures = new TreeMap<String, Integer>();
    for (int attempts = 1; ; attempts++) {
      var failure = attempt(survivors.get((attempts - 1) % survivors.size()), key);
      if (failure == null) {
        return new Probes(System.nanoTime(), attempts, failures);
      }
      failures.merge(failure, 1, Integer::sum);
      if (System.nanoTime() - killedAt > SERVE_TIMEOUT.toNanos()) {
        throw new IllegalStateException(
            MODULE
                + " did not serve again within "
                + SERVE_TIMEOUT.toSeconds()
                + " s of killing "
                + killed.id()
                + " ("
                + failures
                + "); logs: "
                + killed.log().getParent());
      }
      Thread.sleep(RETRY_PAUSE_MILLIS);
    }
  }

  /**
   * One attempt: null when {@code survivor} answered the probe 200 within its 1 s timeout, else the
   * kind of failure ({@code TIMEOUT}, {@code UNAVAILABLE}, ...).
   */
  private static String attempt(NodeProcess survivor, IdempotencyKey key) {
    try {
      survivor.client().call(MODULE, "deposit", key, 1, 1);
      return null;
    } catch (IntersticeClientException e) {
      return e.kind().name();
    }
  }

  private static FailoverTrial printed(FailoverTrial t) {
    System.out.printf(
        Locale.ROOT,
        "  trial %d: killed %s, %s served on %s after %,.0f ms (%d attempts, failed %s; unreachable"
            + " at %,.0f ms, removed at %,.0f ms); rejoined in %.1f s%n",
        t.trial(),
        t.killed(),
        MODULE,
        t.movedTo(),
        t.serveMillis(),
        t.attempts(),
        t.failures(),
        t.unreachableMillis(),
        t.removedMillis(),
        t.rejoinMillis() / 1000);
    return t;
  }
}
