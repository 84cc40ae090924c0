package io.interstice.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.node.LiveSubscription;
import io.interstice.runtime.wasm.GuestBinaries;
import io.interstice.sdk.value.StructValue;
import io.interstice.tests.modules.BankAudit;
import io.interstice.tests.modules.Bulk;
import io.interstice.tests.modules.Forwarder;
import io.interstice.tests.modules.Ledger;
import io.interstice.tests.modules.Tally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes of one cluster in this JVM with every message checked by serialization ({@link
 * LocalCluster}): modules are placed on different nodes, and every node deploys, calls, queries,
 * reads, describes, subscribes to and removes modules that run on another, while modules register
 * subscriptions, deliver changes and call each other across nodes. A message without a serializer
 * is lost where it is sent, and the call or delivery it carried never completes.
 */
@Timeout(120)
class ClusterMessagesTest {
  private static final List<String> MODULES =
      List.of("bank", "audit", "ledger", "forwarder", "tally");

  @TempDir static Path dir;
  static LocalCluster cluster;
  static List<IntersticeNode> nodes;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    nodes = cluster.nodes();
    nodes.get(1).deploy(Bank.class);
    nodes.get(2).deploy(BankAudit.class);
    nodes.get(0).deploy(Ledger.class);
    nodes.get(1).deploy(Forwarder.class);
    nodes.get(2).deploy(Tally.class);
  }

  @AfterEach
  void loseNoMessage() {
    assertEquals(
        List.of(), cluster.serializationFailures(), "messages lost for want of a serializer");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Callers on every node but the module's. */
  private static List<IntersticeNode> remoteCallers(String module) {
    int host = cluster.hostOf(module);
    var callers = new ArrayList<IntersticeNode>();
    for (int i = 0; i < nodes.size(); i++) {
      if (i != host) {
        callers.add(nodes.get(i));
      }
    }
    return callers;
  }

  @Test
  void shouldPlaceModulesOnEveryNodeSoThatTheyTalkAcrossNodes() {
    var hosts = new TreeMap<String, Integer>();
    MODULES.forEach(module -> hosts.put(module, cluster.hostOf(module)));
    assertEquals(Set.of(0, 1, 2), new HashSet<>(hosts.values()), "modules on every node " + hosts);
    assertTrue(
        !hosts.get("bank").equals(hosts.get("audit"))
            || !hosts.get("ledger").equals(hosts.get("forwarder"))
            || !hosts.get("ledger").equals(hosts.get("tally")),
        "a subscription or a call between modules on different nodes: " + hosts);
  }

  @Test
  void shouldCallQueryReadAndDescribeAModuleFromEveryNode() {
    var owners = List.of("owner-0", "owner-1", "owner-2");
    var ids = new long[owners.size()];
    for (int i = 0; i < owners.size(); i++) {
      nodes.get(i).call("bank", "open", owners.get(i), 100L);
      var account = (StructValue) nodes.get((i + 1) % 3).query("bank", "account", owners.get(i));
      ids[i] = (Long) account.get(0);
    }
    var balances = new long[] {100, 100, 100};
    for (int i = 0; i < owners.size(); i++) {
      nodes.get(i).call("bank", "transfer", ids[i], ids[(i + 1) % 3], 10L + i);
      balances[i] -= 10 + i;
      balances[(i + 1) % 3] += 10 + i;
    }
    for (var node : nodes) {
      for (int i = 0; i < owners.size(); i++) {
        assertEquals(balances[i], node.query("bank", "balance", ids[i]), "balance on " + node);
      }
    }

    var expected = ownedRows(nodes.get(cluster.hostOf("bank")).rows("bank", "accounts"));
    for (var node : remoteCallers("bank")) {
      var rows = ownedRows(node.rows("bank", "accounts"));
      assertEquals(expected.keySet(), rows.keySet());
      expected.forEach((owner, row) -> assertArrayEquals(row, rows.get(owner), owner));
      var page = node.rowsAsync("bank", "accounts", null, 1).toCompletableFuture().join();
      assertEquals(1, page.rows().size());
      assertTrue(page.more());
      assertEquals("accounts", page.table().name());

      var info = node.describe("bank");
      assertEquals(nodes.get(0).describe("bank").schema(), info.schema());
      assertEquals("java", info.engine());
      assertNull(info.problem());
      assertEquals(1, info.version());
    }
  }

  private static Map<String, Object[]> ownedRows(List<Object[]> rows) {
    var owned = new TreeMap<String, Object[]>();
    for (var row : rows) {
      if (((String) row[1]).startsWith("owner-")) {
        owned.put((String) row[1], row);
      }
    }
    return owned;
  }

  @Test
  void shouldRunCallsSentTogetherToAModuleOnAnotherNode() {
    var caller = remoteCallers("bank").get(0);
    caller.call("bank", "open", "together", 0L);
    long id = (Long) ((StructValue) caller.query("bank", "account", "together")).get(0);
    var requests =
        List.of(
            new IntersticeNode.CallRequest("deposit", Args.Values.of(id, 3L), "test", null),
            new IntersticeNode.CallRequest(
                "transfer", Args.Values.of(id, 1L, 1_000_000L), "test", null),
            new IntersticeNode.CallRequest("deposit", Args.Values.of(id, 4L), "test", null));
    var answers = caller.callAllAsync("bank", requests);
    assertTrue(answers.get(0).join().txId() > 0);
    var refused =
        assertThrows(java.util.concurrent.CompletionException.class, () -> answers.get(1).join());
    assertEquals(ErrorKind.REDUCER_FAILED, ((CallFailedException) refused.getCause()).kind());
    assertTrue(answers.get(2).join().txId() > answers.get(0).join().txId());
    assertEquals(7L, caller.query("bank", "balance", id));
    var ghosts = caller.callAllAsync("nobody", requests);
    for (var ghost : ghosts) {
      var error = assertThrows(java.util.concurrent.CompletionException.class, ghost::join);
      assertEquals(ErrorKind.UNKNOWN_MODULE, ((CallFailedException) error.getCause()).kind());
    }
  }

  @Test
  void shouldAnswerRefusalsToCallersOnOtherNodes() {
    for (var node : remoteCallers("bank")) {
      var funds =
          assertKind(
              ErrorKind.REDUCER_FAILED,
              () -> node.call("bank", "transfer", 1L, 2L, Long.MAX_VALUE));
      assertTrue(funds.getMessage().contains("insufficient funds"), funds.getMessage());
      assertKind(ErrorKind.UNKNOWN_TABLE, () -> node.rows("bank", "vaults"));
      assertKind(ErrorKind.UNKNOWN_REDUCER, () -> node.query("bank", "steal"));
      assertKind(ErrorKind.BAD_ARGUMENTS, () -> node.callJson("bank", "deposit", "[\"x\"]"));
    }
  }

  private static CallFailedException assertKind(ErrorKind kind, Runnable call) {
    var error = assertThrows(CallFailedException.class, call::run);
    assertEquals(kind, error.kind(), error.getMessage());
    return error;
  }

  @Test
  void shouldDeliverSubscriptionsAndCallsBetweenModulesOnDifferentNodes() {
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).call("bank", "open", "audited-" + i, 50L + i);
      for (int k = 1; k <= 3; k++) {
        nodes.get(i).call("forwarder", "forward", "token-" + i + "-" + k, (long) k);
      }
    }
    var reader = nodes.get(0);
    LocalCluster.eventually(
        "the audit sees every account as the bank has it",
        () ->
            balances(reader.rows("bank", "accounts"), 0, 2)
                .equals(balances(reader.rows("audit", "balances"), 0, 1)));
    LocalCluster.eventually(
        "the ledger and the tally have every forwarded token",
        () ->
            tokens(reader.rows("ledger", "items"), 1).containsAll(expectedTokens())
                && tokens(reader.rows("tally", "seen"), 1)
                    .equals(tokens(reader.rows("ledger", "items"), 1)));
    assertEquals(List.of(), reader.rows("audit", "anomalies"));
    assertEquals(List.of(), reader.rows("tally", "anomalies"));
  }

  private static Map<Long, Long> balances(List<Object[]> rows, int idColumn, int balanceColumn) {
    var balances = new TreeMap<Long, Long>();
    rows.forEach(row -> balances.put((Long) row[idColumn], (Long) row[balanceColumn]));
    return balances;
  }

  private static Set<String> tokens(List<Object[]> rows, int tokenColumn) {
    var tokens = new HashSet<String>();
    rows.forEach(row -> tokens.add((String) row[tokenColumn]));
    return tokens;
  }

  private static Set<String> expectedTokens() {
    var tokens = new HashSet<String>();
    for (int i = 0; i < 3; i++) {
      for (int k = 1; k <= 3; k++) {
        tokens.add("token-" + i + "-" + k);
      }
    }
    return tokens;
  }

  @Test
  void shouldStreamLiveUpdatesToSubscribersOnEveryNode() {
    nodes.get(0).call("bank", "open", "live", 10L);
    long id = (Long) ((StructValue) nodes.get(0).query("bank", "account", "live")).get(0);
    var updates = new ArrayList<List<LiveUpdate>>();
    var subscriptions = new ArrayList<LiveSubscription>();
    for (var node : nodes) {
      List<LiveUpdate> received = new CopyOnWriteArrayList<>();
      updates.add(received);
      subscriptions.add(node.subscribe("bank", Set.of("accounts"), received::add));
    }
    var depositor = remoteCallers("bank").get(0);
    depositor.call("bank", "deposit", id, 5L);
    for (var received : updates) {
      LocalCluster.eventually("the deposit on every node", () -> hasBalance(received, id, 15));
      var current = assertInstanceOf(LiveUpdate.Current.class, received.get(0));
      assertEquals("bank", current.module());
      assertTrue(
          current.rows().get("accounts").stream().anyMatch(row -> row[0].equals(id)),
          "the current rows hold the new account");
    }
    subscriptions.forEach(LiveSubscription::close);
    for (var received : updates) {
      LocalCluster.eventually(
          "the end", () -> received.get(received.size() - 1) instanceof LiveUpdate.Ended);
    }
  }

  private static boolean hasBalance(List<LiveUpdate> updates, long id, long balance) {
    return updates.stream()
        .filter(LiveUpdate.Committed.class::isInstance)
        .map(LiveUpdate.Committed.class::cast)
        .flatMap(committed -> committed.changes().stream())
        .anyMatch(
            change ->
                change.kind() == LiveUpdate.Kind.UPDATE
                    && change.newRow()[0].equals(id)
                    && change.newRow()[2].equals(balance)
                    && change.oldRow()[2].equals(balance - 5));
  }

  @Test
  void shouldDeployCallAndRemoveAWebAssemblyModuleFromAnotherNode() {
    var bytes = GuestBinaries.slowToDescribe(1);
    var deployed = nodes.get(0).deployWasm(bytes);
    int host = cluster.hostOf(deployed.name());
    var remote = nodes.get(cluster.other(host));
    var again = remote.deployWasm(bytes);
    assertEquals(deployed.code(), again.code(), "the same binary, deployed again");
    assertEquals(deployed.version(), again.version());
    var receipt = remote.call(deployed.name(), "add");
    assertTrue(receipt.txId() > 0);
    assertEquals(List.of(), remote.rows(deployed.name(), "items"));
    remote.remove(deployed.name());
    for (var node : nodes) {
      assertKind(ErrorKind.UNKNOWN_MODULE, () -> node.describe(deployed.name()));
    }
  }

  @Test
  void shouldCarryMessagesLargerThanAFrameBetweenNodes() throws Exception {
    nodes.get(0).deploy(Bulk.class);
    int host = cluster.hostOf("bulk");
    var remote = nodes.get(cluster.other(host));
    // Artery's frames hold 256 KiB: each of these messages needs more.
    var text = "é".repeat(200_000);
    assertTrue(remote.call("bulk", "put", 1L, text).txId() > 0, "large arguments");

    List<LiveUpdate> received = new CopyOnWriteArrayList<>();
    var subscription = remote.subscribe("bulk", Set.of("blobs"), received::add);
    remote.call("bulk", "fill", 10L, 4, 100_000);
    LocalCluster.eventually("the large transaction, live", () -> received.size() >= 2);
    var committed = assertInstanceOf(LiveUpdate.Committed.class, received.get(1));
    assertEquals(4, committed.changes().size());
    assertEquals("1".repeat(100_000), committed.changes().get(1).newRow()[1]);

    var rows = remote.rows("bulk", "blobs");
    assertEquals(List.of(1L, 10L, 11L, 12L, 13L), rows.stream().map(row -> row[0]).toList());
    assertEquals(text, rows.get(0)[1]);
    var all = (List<?>) remote.query("bulk", "all");
    assertEquals(text, ((StructValue) all.get(0)).get(1), "a large query result");
    assertEquals(5, all.size());
    List<LiveUpdate> late = new CopyOnWriteArrayList<>();
    var second = remote.subscribe("bulk", Set.of("blobs"), late::add);
    LocalCluster.eventually("the large current rows", () -> !late.isEmpty());
    var current = assertInstanceOf(LiveUpdate.Current.class, late.get(0));
    assertEquals(5, current.rows().get("blobs").size());
    subscription.close();
    second.close();

    // A WebAssembly module larger than a frame, deployed through a node that does not run it: the
    // module's shard stays where a first deploy placed it.
    var binary = GuestBinaries.slowToDescribe(1);
    var placed = nodes.get(0).deployWasm(binary);
    int wasmHost = cluster.hostOf(placed.name());
    nodes.get(0).remove(placed.name());
    var large = GuestBinaries.withCustomSection(binary, 400_000, 7);
    var deployed = nodes.get(cluster.other(wasmHost)).deployWasm(large);
    assertEquals(wasmHost, cluster.hostOf(deployed.name()));
    assertTrue(nodes.get(wasmHost).call(deployed.name(), "add").txId() > 0);
    nodes.get(0).remove(deployed.name());
    nodes.get(0).remove("bulk");

    try (var left = Files.list(dir.resolve("transfers"))) {
      assertEquals(List.of(), left.toList(), "every file read and deleted by its receiver");
    }
  }
}
