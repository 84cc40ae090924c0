package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.cli.Interstice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's verbs as a user types them ({@code interstice call bank transfer 1 2 30}), run in this
 * JVM against a real {@code interstice node} process: what each prints and its exit code.
 */
class ClientVerbsNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static NodeProcess node;

  /** Exit code and the two output streams of one run. */
  record Run(int exitCode, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void startNodeWithTheBank() throws Exception {
    node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"));
    var deployed = run("deploy", "--java", "io.interstice.examples.bank.Bank");
    assertEquals(0, deployed.exitCode(), deployed.err());
    assertEquals("deployed bank  version 1  java  last tx 0", deployed.out().strip());
    assertEquals(0, run("call", "bank", "open", "\"alice\"", "100").exitCode());
    assertEquals(0, run("call", "bank", "open", "\"bob\"", "0").exitCode());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  /** {@code interstice <args> --url <the node>}. */
  static Run run(String... args) {
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", node.url()));
    var out = new StringWriter();
    var err = new StringWriter();
    var cmd = Interstice.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldTransferQueryAndPrintTheTransaction() throws IOException {
    var transfer = run("call", "bank", "transfer", "1", "2", "30");
    assertEquals(0, transfer.exitCode(), transfer.err());
    assertTrue(transfer.out().matches("committed tx \\d+\\s*"), transfer.out());
    var json = run("call", "bank", "deposit", "2", "1", "--json", "--key", "deposit-2-1");
    assertTrue(json.json().get("tx").asLong() > 0, json.out());
    assertTrue(json.json().get("result").isNull(), json.out());
    var account = run("query", "bank", "account", "\"bob\"");
    assertEquals("bob", JSON.readTree(account.out()).get("owner").asText(), account.out());
    var balance = run("query", "bank", "balance", "2", "--json");
    assertTrue(balance.json().get("result").asLong() >= 30, balance.out());
  }

  @Test
  void shouldPrintTheReducersRefusalAndExitOne() {
    var refused = run("call", "bank", "transfer", "2", "1", "1000000");
    assertEquals(1, refused.exitCode(), refused.err());
    assertTrue(
        refused.err().startsWith("error: REDUCER_FAILED: insufficient funds: account 2 has "),
        refused.err());
    assertEquals("", refused.out());
    var unknown = run("describe", "nope");
    assertEquals(1, unknown.exitCode());
    assertEquals("error: UNKNOWN_MODULE: module nope is not deployed", unknown.err().strip());
  }

  @Test
  void shouldListAndDescribeTheModules() throws IOException {
    var modules = run("modules");
    assertEquals(0, modules.exitCode(), modules.err());
    assertTrue(modules.out().startsWith("bank  version 1  java  last tx "), modules.out());
    var listed = run("modules", "--json").json();
    assertEquals("bank", listed.at("/modules/0/name").asText(), listed.toString());
    var described = run("describe", "bank");
    assertTrue(
        described.out().contains("  accounts(id i64 primary key auto-increment, owner string,"),
        described.out());
    assertTrue(
        described.out().contains("  transfer(from i64, to i64, amount i64)"), described.out());
    assertTrue(described.out().contains("  balance(account i64) -> i64"), described.out());
    assertEquals(
        "accounts", run("describe", "bank", "--json").json().at("/schema/tables/0/name").asText());
  }

  @Test
  void shouldPrintEveryRowAcrossPages() throws Exception {
    var opened = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      var call = run("call", "bank", "open", "\"rows-" + i + "\"", String.valueOf(i));
      assertEquals(0, call.exitCode(), call.err());
      opened.add("rows-" + i);
    }
    var rows = run("rows", "bank", "accounts", "--page-size", "2");
    assertEquals(0, rows.exitCode(), rows.err());
    var lines = rows.out().lines().toList();
    assertEquals("id\towner\tbalance", lines.get(0));
    assertTrue(lines.get(1).startsWith("1\talice\t"), rows.out());
    assertEquals("(" + (lines.size() - 2) + " rows)", lines.get(lines.size() - 1));
    var json = run("rows", "bank", "accounts", "--json", "--page-size", "2");
    var owners = new ArrayList<String>();
    for (var line : json.out().lines().toList()) {
      owners.add(JSON.readTree(line).get("owner").asText());
    }
    assertTrue(owners.containsAll(opened), owners.toString());
    assertEquals(lines.size() - 2, owners.size());
  }

  @Test
  void shouldPrintTheRowsThenEachCommitOfASubscription() throws Exception {
    var subscribed =
        CompletableFuture.supplyAsync(
            () -> run("subscribe", "bank", "--tables", "accounts", "--commits", "1"));
    // The subscriber prints the current rows first; until then a deposit may land before it.
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Run result = null;
    while (result == null && System.nanoTime() < deadline) {
      assertEquals(0, run("call", "bank", "deposit", "1", "1").exitCode());
      try {
        result = subscribed.get(500, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // Not subscribed yet when that deposit committed: deposit again.
      }
    }
    assertTrue(result != null, "subscribe printed no commit within 30 s");
    assertEquals(0, result.exitCode(), result.err());
    var lines = result.out().lines().toList();
    assertTrue(lines.get(0).matches("accounts: \\d+ row\\(s\\) as of tx \\d+"), result.out());
    var last = lines.get(lines.size() - 1);
    assertTrue(last.matches("tx \\d+ update accounts \\{\"id\":1,.*\\} -> \\{\"id\":1,.*"), last);
  }
}
