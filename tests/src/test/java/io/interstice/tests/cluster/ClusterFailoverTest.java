package io.interstice.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.examples.bank.Bank;
import io.interstice.examples.chat.Chat;
import io.interstice.tests.FreePorts;
import io.interstice.tests.modules.BankAudit;
import io.interstice.tests.modules.Ledger;
import io.interstice.tests.modules.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real node processes on 127.0.0.1 sharing one data directory, with the local cluster's
 * settings, under calls from clients of every node while the node that runs the chat module is
 * killed with {@code kill -9} — twice, the second time after the first node came back. Clients post
 * chat messages with unique texts and retry a failed post, with the same idempotency key, on the
 * next node. Afterwards every post answered 200 is in the chat exactly once and no post is there
 * twice; the killed node's modules answered again within the local cluster's failover budget; the
 * node rejoined; a schedule kept running and a subscriber kept up with its producer. A graceful
 * stop (SIGTERM) hands the node's modules off with no call failing, and a node paused past its
 * shard lease acknowledges nothing for a module that moved.
 */
class ClusterFailoverTest {
  /** The local cluster's budget from a kill to the module serving again (common.conf). */
  private static final Duration FAILOVER_BUDGET = Duration.ofSeconds(10);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (var node : nodes) {
      if (node.alive()) {
        node.kill();
      }
    }
  }

  @Test
  void shouldLoseNoAcknowledgedCallWhenTheNodeOfAModuleIsKilledTwice() throws Exception {
    startCluster(3);
    var first = nodes.get(0);
    deploy(first, Chat.class, Bank.class, BankAudit.class, Ledger.class, Ticker.class);
    ok(first.post("/v1/modules/chat/reducers/register", "[\"ann\"]", "register-ann", timeout()));
    for (var owner : List.of("a", "b", "c")) {
      ok(
          first.post(
              "/v1/modules/bank/reducers/open",
              "[\"" + owner + "\", 1000]",
              "open-" + owner,
              timeout()));
    }
    ok(first.post("/v1/modules/ticker/reducers/start", "[200]", "start-ticker", timeout()));

    var acknowledged = ConcurrentHashMap.<String>newKeySet();
    var transfers = new AtomicLong();
    var stop = new AtomicBoolean();
    var failure = new AtomicReference<Throwable>();
    var clients = posters("post", acknowledged, stop, failure);
    clients.add(
        client(
            "transfers",
            stop,
            failure,
            i -> {
              var args = "[" + (1 + i % 3) + ", " + (1 + (i + 1) % 3) + ", 1]";
              if (callAnywhere(
                  0, "/v1/modules/bank/reducers/transfer", args, "transfer-" + i, stop)) {
                transfers.incrementAndGet();
              }
            }));
    clients.forEach(Thread::start);

    Thread.sleep(2_000);
    var failovers = new ArrayList<Duration>();
    for (int round = 1; round <= 2; round++) {
      var host = hostOf("chat");
      long killed = System.nanoTime();
      host.kill();
      failovers.add(awaitServing("chat", killed, round));
      host.start();
      host.awaitReady(START_TIMEOUT);
      awaitMembersUp(nodes.size());
      Thread.sleep(1_000);
    }
    stopClients(clients, stop, failure, Duration.ofSeconds(120), "a client failed");

    System.out.printf(
        "failovers %s; %d posts and %d transfers acknowledged%n",
        failovers, acknowledged.size(), transfers.get());
    assertPostedOnce(nodes.get(1), acknowledged, "acknowledged posts missing after the kills");
    assertTrue(acknowledged.size() > 50, "too few posts to tell: " + acknowledged.size());

    // The schedule runs on wherever the ticker is now, and never ran a slot twice.
    var node = nodes.get(2);
    int ticks = rows(node, "ticker", "ticks").size();
    awaitTrue(Duration.ofSeconds(20), () -> rows(node, "ticker", "ticks").size() > ticks + 2);
    assertEquals(0, rows(node, "ticker", "anomalies").size(), "the schedule ran a slot twice");

    // The subscriber saw every committed transfer exactly once: its balances are the bank's.
    awaitTrue(
        Duration.ofSeconds(20),
        () ->
            balances(node, "bank", "accounts", "balance")
                .equals(balances(node, "audit", "balances", "balance")));
    assertEquals(
        0, rows(node, "audit", "anomalies").size(), "audit saw a change twice or lost one");
    long total =
        balances(node, "bank", "accounts", "balance").values().stream().mapToLong(v -> v).sum();
    assertEquals(3000, total, "transfers created or destroyed money");
    assertTrue(transfers.get() > 10, "too few transfers to tell: " + transfers.get());
    for (var failover : failovers) {
      assertTrue(
          failover.compareTo(FAILOVER_BUDGET) <= 0,
          "chat served again " + failover.toMillis() + " ms after its node was killed");
    }
  }

  /**
   * A node paused with SIGSTOP longer than failure detection, while its module moves and goes on
   * writing elsewhere, must not acknowledge a write for the moved module when it resumes: the new
   * owner would never read it. Clients keep posting through the paused node the whole time (their
   * requests wait in its sockets) and through the others; after SIGCONT every post answered 200 —
   * by any node — is in the chat exactly once. Without the shard lease ({@code
   * pekko.cluster.sharding.use-lease = ""}) the resumed node acknowledges posts the chat never
   * gets, and this test fails.
   */
  @Test
  void shouldNotAcknowledgeAWriteOfAMovedModuleAfterAPause() throws Exception {
    startCluster(3);
    var first = nodes.get(0);
    deploy(first, Chat.class);
    ok(first.post("/v1/modules/chat/reducers/register", "[\"ann\"]", "register-ann", timeout()));
    var paused = hostOf("chat");

    var acknowledged = ConcurrentHashMap.<String>newKeySet();
    var answeredByPaused = new AtomicLong();
    var stop = new AtomicBoolean();
    var failure = new AtomicReference<Throwable>();
    var clients = new ArrayList<Thread>();
    for (int k = 0; k < 4; k++) {
      int client = k;
      clients.add(
          client(
              "through-paused-" + k,
              stop,
              failure,
              i -> {
                var text = "paused-" + client + "-" + i;
                var answer =
                    paused.post(
                        "/v1/modules/chat/reducers/post",
                        "[\"ann\", \"general\", \"" + text + "\"]",
                        text,
                        Duration.ofSeconds(60));
                if (answer == null) {
                  Thread.sleep(200); // the node is gone: nothing more to learn through it
                } else if (answer.statusCode() == 200) {
                  acknowledged.add(text);
                  answeredByPaused.incrementAndGet();
                }
              }));
    }
    int other = (nodes.indexOf(paused) + 1) % nodes.size();
    clients.add(
        client(
            "through-others",
            stop,
            failure,
            i -> {
              var text = "other-" + i;
              var args = "[\"ann\", \"general\", \"" + text + "\"]";
              if (callAnywhere(other, "/v1/modules/chat/reducers/post", args, text, stop, paused)) {
                acknowledged.add(text);
              }
            }));
    clients.forEach(Thread::start);
    Thread.sleep(2_000);
    long beforePause = answeredByPaused.get();

    signal("STOP", paused);
    long pausedAt = System.nanoTime();
    var moved = awaitServingExcept("chat", pausedAt, paused, "probe");
    // Past the paused node's lease (6 s) and its safety margin, with the chat writing elsewhere.
    Thread.sleep(4_000);
    signal("CONT", paused);
    Thread.sleep(8_000);
    stopClients(clients, stop, failure, Duration.ofSeconds(90), "a client failed");
    System.out.printf(
        "chat served elsewhere %d ms after the pause; %d posts acknowledged, %d by the paused node"
            + " (%d before the pause)%n",
        moved.toMillis(), acknowledged.size(), answeredByPaused.get(), beforePause);

    assertPostedOnce(
        nodes.get(other), acknowledged, "acknowledged posts the new owner does not have");
    assertTrue(beforePause > 0, "nothing went through the paused node before the pause");
  }

  /**
   * A node stopped gracefully (SIGTERM) while clients post through every node hands its modules
   * off: it exits 0, the chat serves on a survivor, and clients that retry with the same key on the
   * next node after anything but an answer see no call fail and no post twice.
   */
  @Test
  void shouldHandOffModulesOnAGracefulStopWithoutAFailedCall() throws Exception {
    startCluster(3);
    var first = nodes.get(0);
    deploy(first, Chat.class);
    ok(first.post("/v1/modules/chat/reducers/register", "[\"ann\"]", "register-ann", timeout()));

    var acknowledged = ConcurrentHashMap.<String>newKeySet();
    var stop = new AtomicBoolean();
    var failure = new AtomicReference<Throwable>();
    var clients = posters("graceful", acknowledged, stop, failure);
    clients.forEach(Thread::start);
    Thread.sleep(2_000);

    var host = hostOf("chat");
    long stopped = System.nanoTime();
    signal("TERM", host);
    assertTrue(host.process().waitFor(60, TimeUnit.SECONDS), "the node did not stop on SIGTERM");
    assertEquals(0, host.process().exitValue(), "exit status after SIGTERM");
    var handedOff = awaitServing("chat", stopped, 1);
    int before = acknowledged.size();
    host.start();
    host.awaitReady(START_TIMEOUT);
    awaitMembersUp(nodes.size());
    awaitTrue(Duration.ofSeconds(30), () -> acknowledged.size() > before + 20);
    stopClients(clients, stop, failure, Duration.ofSeconds(90), "a call failed");
    System.out.printf(
        "chat served again %d ms after SIGTERM; %d posts acknowledged%n",
        handedOff.toMillis(), acknowledged.size());

    assertPostedOnce(nodes.get(0), acknowledged, "acknowledged posts missing after the hand-off");
    assertTrue(before > 20, "too few posts to tell: " + before);
  }

  private static void signal(String signal, ClusterNode node) throws Exception {
    var kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + node.pid());
  }

  // ---- the cluster -------------------------------------------------------------------------

  private void startCluster(int count) throws Exception {
    var config = dir.resolve("cluster.conf");
    Files.writeString(
        config,
        "include classpath(\"local-cluster/common.conf\")\n"
            + "interstice.http.request-timeout = 30s\n");
    var clusterPorts = new ArrayList<Integer>();
    var seeds = new ArrayList<String>();
    for (int k = 0; k < count; k++) {
      int port = FreePorts.one();
      clusterPorts.add(port);
      seeds.add(ClusterNode.seed(port));
    }
    var data = dir.resolve("data");
    for (int k = 0; k < count; k++) {
      nodes.add(new ClusterNode("node-" + (k + 1), data, config, seeds, clusterPorts.get(k), dir));
    }
    // node-1 first: it forms the cluster the others join.
    nodes.get(0).start();
    nodes.get(0).awaitReady(START_TIMEOUT);
    for (var node : nodes.subList(1, count)) {
      node.start();
    }
    for (var node : nodes.subList(1, count)) {
      node.awaitReady(START_TIMEOUT);
    }
    awaitMembersUp(count);
  }

  private void awaitMembersUp(int count) throws InterruptedException {
    awaitTrue(
        START_TIMEOUT,
        () ->
            nodes.stream()
                .allMatch(
                    node -> {
                      var cluster = node.alive() ? node.getJson("/v1/cluster") : null;
                      if (cluster == null) {
                        return false;
                      }
                      int up = 0;
                      for (var member : cluster.get("members")) {
                        up += member.get("status").asText().equals("up") ? 1 : 0;
                      }
                      return up == count;
                    }));
  }

  /** The live node whose /v1/cluster lists {@code module} among those it runs. */
  private ClusterNode hostOf(String module) throws InterruptedException {
    var found = new AtomicReference<ClusterNode>();
    awaitTrue(
        Duration.ofSeconds(30),
        () -> {
          for (var node : nodes) {
            var cluster = node.alive() ? node.getJson("/v1/cluster") : null;
            if (cluster != null) {
              for (var name : cluster.get("modules")) {
                if (name.asText().equals(module)) {
                  found.set(node);
                  return true;
                }
              }
            }
          }
          return false;
        });
    return found.get();
  }

  /**
   * Posts to {@code module} through the survivors until a post commits: the time from the kill to
   * the first post, sent after it, answered 200.
   */
  private Duration awaitServing(String module, long killedNanos, int round)
      throws InterruptedException {
    return awaitServingExcept(module, killedNanos, null, "probe-" + round);
  }

  /**
   * Posts to {@code module} through every live node but {@code except} until a post commits: the
   * time from {@code sinceNanos} to the first post, sent after it, answered 200.
   */
  private Duration awaitServingExcept(
      String module, long sinceNanos, ClusterNode except, String probe)
      throws InterruptedException {
    long deadline = sinceNanos + Duration.ofSeconds(60).toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      for (var node : nodes) {
        if (node == except || !node.alive()) {
          continue;
        }
        var text = probe + "-" + attempt + "-" + node.id;
        var answer =
            node.post(
                "/v1/modules/" + module + "/reducers/post",
                "[\"ann\", \"probes\", \"" + text + "\"]",
                text,
                Duration.ofSeconds(2));
        if (answer != null && answer.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - sinceNanos);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(module + " did not serve again within 60 s");
  }

  // ---- clients -----------------------------------------------------------------------------

  private interface Step {
    void run(long i) throws Exception;
  }

  private static Thread client(
      String name, AtomicBoolean stop, AtomicReference<Throwable> failure, Step step) {
    var thread =
        new Thread(
            () -> {
              try {
                for (long i = 0; !stop.get(); i++) {
                  step.run(i);
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * A client per node posting chat messages {@code prefix-<node>-<i>} through it, each retried
   * elsewhere with the same key until answered ({@link #callAnywhere}); the texts answered 200 go
   * to {@code acknowledged}. Not started.
   */
  private List<Thread> posters(
      String prefix,
      Set<String> acknowledged,
      AtomicBoolean stop,
      AtomicReference<Throwable> failure) {
    var clients = new ArrayList<Thread>();
    for (int k = 0; k < nodes.size(); k++) {
      int home = k;
      clients.add(
          client(
              "poster-" + k,
              stop,
              failure,
              i -> {
                var text = prefix + "-" + home + "-" + i;
                var args = "[\"ann\", \"general\", \"" + text + "\"]";
                if (callAnywhere(home, "/v1/modules/chat/reducers/post", args, text, stop)) {
                  acknowledged.add(text);
                }
              }));
    }
    return clients;
  }

  /** Stops the clients, waits for each, and fails with {@code what} if one of them failed. */
  private static void stopClients(
      List<Thread> clients,
      AtomicBoolean stop,
      AtomicReference<Throwable> failure,
      Duration wait,
      String what)
      throws InterruptedException {
    stop.set(true);
    for (var client : clients) {
      client.join(wait.toMillis());
      assertTrue(!client.isAlive(), client.getName() + " did not stop");
    }
    if (failure.get() != null) {
      throw new AssertionError(what, failure.get());
    }
  }

  /**
   * No post is in the chat (as {@code reader} serves it) twice, and every acknowledged one is
   * there; {@code missingWhat} names those that are not.
   */
  private static void assertPostedOnce(
      ClusterNode reader, Set<String> acknowledged, String missingWhat) {
    var seen = new HashMap<String, Integer>();
    texts(reader).forEach(text -> seen.merge(text, 1, Integer::sum));
    seen.forEach((text, times) -> assertEquals(1, times, text + " was posted " + times + " times"));
    var missing = new ArrayList<>(acknowledged);
    missing.removeAll(seen.keySet());
    assertEquals(List.of(), missing, missingWhat);
  }

  /**
   * Calls through node {@code home}, and again with the same idempotency key through the next node
   * after anything but an answer (no connection, a timeout, 503), until one answers. True when the
   * call committed; a refusal fails the test. Gives up, false, once {@code stop} is set and every
   * node was tried since.
   */
  private boolean callAnywhere(int home, String path, String args, String key, AtomicBoolean stop)
      throws InterruptedException {
    return callAnywhere(home, path, args, key, stop, null);
  }

  /** As above, never through {@code except}. */
  private boolean callAnywhere(
      int home, String path, String args, String key, AtomicBoolean stop, ClusterNode except)
      throws InterruptedException {
    int tries = 0;
    for (int k = home; ; k = (k + 1) % nodes.size()) {
      var node = nodes.get(k);
      var answer = node.alive() && node != except ? node.post(path, args, key, timeout()) : null;
      if (answer != null && answer.statusCode() == 200) {
        return true;
      }
      if (answer != null && answer.statusCode() != 503) {
        throw new AssertionError(
            "call "
                + key
                + " through "
                + node.id
                + ": "
                + answer.statusCode()
                + " "
                + answer.body());
      }
      if (stop.get() && ++tries > 2 * nodes.size()) {
        return false;
      }
      Thread.sleep(100);
    }
  }

  private static Duration timeout() {
    return Duration.ofSeconds(20);
  }

  // ---- reading state -----------------------------------------------------------------------

  private void deploy(ClusterNode node, Class<?>... modules) {
    for (var module : modules) {
      ok(
          node.post(
              "/v1/modules",
              "{\"javaClass\": \"" + module.getName() + "\"}",
              null,
              Duration.ofSeconds(60)));
    }
  }

  private static void ok(java.net.http.HttpResponse<String> answer) {
    assertNotNull(answer, "no answer");
    assertEquals(200, answer.statusCode(), answer.body());
  }

  /** Every row of a table, a page at a time. */
  private static List<JsonNode> rows(ClusterNode node, String module, String table) {
    var rows = new ArrayList<JsonNode>();
    String after = null;
    do {
      var page =
          node.getJson(
              "/v1/modules/"
                  + module
                  + "/tables/"
                  + table
                  + "?limit=1000"
                  + (after == null ? "" : "&after=" + after));
      assertNotNull(page, "no page of " + module + "." + table + " from " + node.id);
      page.get("rows").forEach(rows::add);
      after = page.get("next").isNull() ? null : page.get("next").asText();
    } while (after != null);
    return rows;
  }

  private static List<String> texts(ClusterNode node) {
    var texts = new ArrayList<String>();
    for (var row : rows(node, "chat", "messages")) {
      if (row.get("channel").asText().equals("general")) {
        texts.add(row.get("text").asText());
      }
    }
    return texts;
  }

  private static Map<Long, Long> balances(
      ClusterNode node, String module, String table, String column) {
    var balances = new HashMap<Long, Long>();
    for (var row : rows(node, module, table)) {
      var id = row.has("id") ? row.get("id") : row.get("account");
      balances.put(id.asLong(), row.get(column).asLong());
    }
    return balances;
  }

  private static void awaitTrue(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
