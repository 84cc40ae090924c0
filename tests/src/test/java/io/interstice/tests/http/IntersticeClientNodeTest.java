package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.client.CallResult;
import io.interstice.client.ErrorKind;
import io.interstice.client.IdempotencyKey;
import io.interstice.client.IntersticeClient;
import io.interstice.client.IntersticeClientException;
import io.interstice.client.Subscription;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client ({@code interstice-client}) against a real {@code interstice node} process
 * guarded by a token: the Java and WebAssembly banks deployed, calls, queries, every row across
 * pages, a subscription, a thousand calls in flight on the WebSocket, and each kind of refusal.
 */
class IntersticeClientNodeTest {
  private static final String TOKEN = "s3cret";

  @TempDir static Path dir;
  private static NodeProcess node;
  private static IntersticeClient client;

  @BeforeAll
  static void startNodeAndDeployTheBank() throws Exception {
    node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"), "--token", TOKEN);
    client = IntersticeClient.builder(URI.create(node.url())).token(TOKEN).build();
    var bank = client.deployJava("io.interstice.examples.bank.Bank");
    assertEquals("bank", bank.name());
    assertEquals("java", bank.engine());
    client.call("bank", "open", "alice", 100);
    client.call("bank", "open", "bob", 0);
  }

  @AfterAll
  static void stopNode() throws Exception {
    client.close();
    node.close();
  }

  @Test
  void shouldDescribeTheBankAndListIt() {
    var bank = client.describe("bank");
    assertEquals(List.of("accounts"), names(bank.schema().tables(), t -> t.name()));
    assertEquals(
        List.of("deposit", "open", "transfer"), names(bank.schema().reducers(), r -> r.name()));
    assertEquals("id", bank.schema().table("accounts").orElseThrow().primaryKey());
    assertNull(bank.problem());
    assertTrue(names(client.modules(), m -> m.name()).contains("bank"));
  }

  @Test
  void shouldCallAndQueryWithTypedResults() {
    var alice = client.query("bank", "account", "alice");
    long id = alice.get("id").asLong();
    long before = client.query("bank", "balance", Long.class, id);
    var deposit = client.call("bank", "deposit", id, 7);
    assertTrue(deposit.tx() > 0, deposit.toString());
    assertTrue(deposit.result().isNull(), deposit.toString());
    assertEquals(before + 7, client.query("bank", "balance", Long.class, id));
    assertNull(client.query("bank", "account", Map.class, "nobody"));
  }

  @Test
  void shouldRaiseTheReducersRefusalWithItsKindAndStatus() {
    long bob = client.query("bank", "account", "bob").get("id").asLong();
    long alice = client.query("bank", "account", "alice").get("id").asLong();
    var refused =
        assertThrows(
            IntersticeClientException.class,
            () -> client.call("bank", "transfer", bob, alice, 1_000_000));
    assertEquals(ErrorKind.REDUCER_FAILED, refused.kind());
    assertEquals(409, refused.status());
    assertTrue(
        refused.getMessage().startsWith("insufficient funds: account " + bob),
        refused.getMessage());
  }

  @Test
  void shouldRaiseUnknownModuleTableAndBadArguments() {
    var module = assertThrows(IntersticeClientException.class, () -> client.describe("nope"));
    assertEquals(ErrorKind.UNKNOWN_MODULE, module.kind());
    assertEquals(404, module.status());
    var call = assertThrows(IntersticeClientException.class, () -> client.call("nope", "x"));
    assertEquals(ErrorKind.UNKNOWN_MODULE, call.kind());
    var table =
        assertThrows(IntersticeClientException.class, () -> client.rows("bank", "nope").count());
    assertEquals(ErrorKind.UNKNOWN_TABLE, table.kind());
    var args =
        assertThrows(IntersticeClientException.class, () -> client.call("bank", "deposit", "x", 1));
    assertEquals(ErrorKind.BAD_ARGUMENTS, args.kind());
    assertEquals(400, args.status());
    var subscribe =
        assertThrows(
            IntersticeClientException.class,
            () -> client.subscribe("nope", Set.of("accounts"), new Recorder()));
    assertEquals(ErrorKind.UNKNOWN_MODULE, subscribe.kind());
  }

  @Test
  void shouldRaiseUnauthorizedForAWrongToken() {
    try (var wrong = IntersticeClient.builder(URI.create(node.url())).token("guess").build()) {
      var error = assertThrows(IntersticeClientException.class, wrong::modules);
      assertEquals(ErrorKind.UNAUTHORIZED, error.kind());
      assertEquals(401, error.status());
      var async = wrong.callAsync("bank", "deposit", 1, 1);
      var failure = assertThrows(Exception.class, () -> async.get(30, TimeUnit.SECONDS));
      assertEquals(ErrorKind.UNAUTHORIZED, ((IntersticeClientException) failure.getCause()).kind());
      var subscribe =
          assertThrows(
              IntersticeClientException.class,
              () -> wrong.subscribe("bank", Set.of("accounts"), new Recorder()));
      assertEquals(ErrorKind.UNAUTHORIZED, subscribe.kind());
    }
  }

  @Test
  void shouldAnswerAThousandCallsInFlightOnOneWebSocketThenReadThemAllAcrossPages()
      throws Exception {
    int calls = 1_000;
    var futures = new ArrayList<CompletableFuture<CallResult>>();
    for (int i = 0; i < calls; i++) {
      futures.add(client.callAsync("bank", "open", "async-" + i, i));
    }
    var refused = client.callAsync("bank", "open", "async-0", 1);
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    var txs = futures.stream().map(f -> f.join().tx()).collect(Collectors.toSet());
    assertEquals(calls, txs.size());
    var failure = assertThrows(Exception.class, () -> refused.get(30, TimeUnit.SECONDS));
    assertEquals(ErrorKind.REDUCER_FAILED, ((IntersticeClientException) failure.getCause()).kind());

    // Pages of 100: more than ten of them, stitched by their "next" keys.
    assertNotNull(client.page("bank", "accounts", 100, null).next());
    var ids = new ArrayList<Long>();
    var owners = new ArrayList<String>();
    client
        .rows("bank", "accounts")
        .forEach(
            row -> {
              ids.add(row.get("id").asLong());
              owners.add(row.get("owner").asText());
            });
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i - 1) < ids.get(i), "ids out of order at " + i + ": " + ids);
    }
    assertEquals(calls, owners.stream().filter(o -> o.startsWith("async-")).count());
    assertTrue(owners.containsAll(List.of("alice", "bob")), owners.toString());
  }

  @Test
  void shouldSeeCurrentRowsThenACommittedChange() throws Exception {
    client.call("bank", "open", "sub-ann", 10);
    long ann = client.query("bank", "account", "sub-ann").get("id").asLong();
    var recorder = new Recorder();
    try (var subscription = client.subscribe("bank", Set.of("accounts"), recorder)) {
      var rows = recorder.next();
      assertEquals("rows", rows.get(0));
      @SuppressWarnings("unchecked")
      var tables = (Map<String, List<JsonNode>>) rows.get(1);
      assertTrue(
          tables.get("accounts").stream().anyMatch(r -> r.get("owner").asText().equals("sub-ann")));
      client.call("bank", "deposit", ann, 5);
      var event = recorder.next();
      assertEquals("commit", event.get(0));
      var commit = (Subscription.Commit) event.get(1);
      var change = commit.changes().get(0);
      assertEquals("accounts", change.table());
      assertEquals(Subscription.Op.UPDATE, change.op());
      assertEquals(10, change.oldRow().get("balance").asLong());
      assertEquals(15, change.newRow().get("balance").asLong());
    }
  }

  @Test
  void shouldDeployAndCallTheWebAssemblyBank() throws Exception {
    try (var wasmNode = NodeProcess.start(dir.resolve("wasm-data"), dir.resolve("wasm.stderr"));
        var wasm = IntersticeClient.connect(URI.create(wasmNode.url()))) {
      var bank = wasm.deploy(Path.of("..", "modules", "examples", "bank-wasm", "bank.wasm"));
      assertEquals("bank", bank.name());
      assertFalse(bank.engine().equals("java"), bank.toString());
      wasm.call("bank", "open", "zed", 40);
      wasm.call("bank", "open", "yan", 0);
      wasm.call("bank", "transfer", 1, 2, 15);
      assertEquals(25L, wasm.query("bank", "balance", Long.class, 1));
      var refused =
          assertThrows(
              IntersticeClientException.class, () -> wasm.call("bank", "transfer", 2, 1, 99));
      assertEquals(ErrorKind.REDUCER_FAILED, refused.kind());
      assertEquals("insufficient funds: account 2 has 15, needs 99", refused.getMessage());
      assertEquals(
          List.of("zed", "yan"),
          wasm.rows("bank", "accounts")
              .map(r -> r.get("owner").asText())
              .collect(Collectors.toList()));
    }
  }

  @Test
  void shouldKeepAQuietSubscriptionOpenPastTheNodesIdleTimeout() throws Exception {
    var config = dir.resolve("idle.conf");
    java.nio.file.Files.writeString(config, "interstice.http.idle-timeout = 2s\n");
    try (var idleNode =
            NodeProcess.start(
                dir.resolve("idle-data"),
                dir.resolve("idle.stderr"),
                "--config",
                config.toString());
        var pinging =
            IntersticeClient.builder(URI.create(idleNode.url()))
                .keepAlive(java.time.Duration.ofMillis(500))
                .build();
        var quiet =
            IntersticeClient.builder(URI.create(idleNode.url()))
                .keepAlive(java.time.Duration.ZERO)
                .build()) {
      pinging.deployJava("io.interstice.examples.bank.Bank");
      var kept = new Recorder();
      var quietOne = new Recorder();
      try (var live = pinging.subscribe("bank", Set.of("accounts"), kept);
          var idle = quiet.subscribe("bank", Set.of("accounts"), quietOne)) {
        assertEquals("rows", kept.next().get(0));
        assertEquals("rows", quietOne.next().get(0));
        // Quiet for more than twice the idle timeout: the node pings every subscription, so the
        // one whose client sends no pings of its own stays open too.
        Thread.sleep(5_000);
        pinging.call("bank", "open", "late", 1);
        assertEquals("commit", quietOne.next().get(0));
        assertEquals("commit", kept.next().get(0));
      }
    }
  }

  @Test
  void shouldRunACallRepeatedWithTheSameKeyOnce() throws Exception {
    long bob = client.query("bank", "account", "bob").get("id").asLong();
    long before = client.query("bank", "balance", Long.class, bob);
    var key = IdempotencyKey.of("deposit-bob-once");
    var first = client.call("bank", "deposit", key, bob, 3);
    var again = client.call("bank", "deposit", key, bob, 3);
    var overSocket = client.callAsync("bank", "deposit", key, bob, 3).get(30, TimeUnit.SECONDS);
    assertEquals(first.tx(), again.tx());
    assertEquals(first.tx(), overSocket.tx());
    assertEquals(before + 3, client.query("bank", "balance", Long.class, bob));
  }

  private static <T> List<String> names(
      List<T> items, java.util.function.Function<T, String> name) {
    return items.stream().map(name).collect(Collectors.toList());
  }

  /** Records what a subscription tells, as {@code [kind, value]} pairs, for the test to take. */
  private static final class Recorder implements Subscription.Listener {
    private final BlockingQueue<List<Object>> events = new LinkedBlockingQueue<>();

    @Override
    public void onRows(long tx, Map<String, List<JsonNode>> tables) {
      events.add(List.of("rows", tables));
    }

    @Override
    public void onCommit(Subscription.Commit commit) {
      events.add(List.of("commit", commit));
    }

    @Override
    public void onEnded(String reason) {
      events.add(List.of("ended", reason));
    }

    @Override
    public void onError(IntersticeClientException error) {
      events.add(List.of("error", error));
    }

    List<Object> next() throws InterruptedException {
      var event = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(event, "nothing from the subscription within 30 s");
      return event;
    }
  }
}
