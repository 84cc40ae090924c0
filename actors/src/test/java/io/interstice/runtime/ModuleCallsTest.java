package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Inventory;
import io.interstice.sdk.value.StructValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reducer calls and queries through a running node, its module actors and the binary log on disk:
 * every table operation and index kind, constraint violations, failing reducers and bad input. The
 * tests share one node and one deployed module; each uses its own skus.
 */
class ModuleCallsTest {
  @TempDir static Path dir;
  static IntersticeNode node;

  @BeforeAll
  static void startNode() {
    node = IntersticeNode.builder().dataDir(dir).start();
    node.deploy(Inventory.class);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static void add(String sku, long barcode, String category, int shelf, long price) {
    node.call("inventory", "add", sku, barcode, category, shelf, price, null);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(String query, Object... args) {
    return (List<String>) node.query("inventory", query, args);
  }

  private static CallFailedException refusal(String reducer, Object... args) {
    return assertThrows(CallFailedException.class, () -> node.call("inventory", reducer, args));
  }

  @Test
  void shouldRunInitOnDeployAndStayIdempotent() {
    assertEquals("EUR", node.query("inventory", "setting", "currency"));
    var again = node.deploy(Inventory.class);
    assertEquals("inventory", again.name());
    assertEquals(1, again.version());
    assertEquals("EUR", node.query("inventory", "setting", "currency"));
  }

  @Test
  void shouldFindRowsThroughEveryIndexKind() {
    add("a-1", 1001, "fruit", 3, 10);
    add("a-2", 1002, "fruit", 4, 20);
    add("a-3", 1003, "tools", 3, 30);
    var bySku = (StructValue) node.query("inventory", "by_sku", "a-2");
    assertEquals(1002L, bySku.get(2));
    var byBarcode = (StructValue) node.query("inventory", "by_barcode", 1003L);
    assertEquals("a-3", byBarcode.get(1));
    assertNull(node.query("inventory", "by_barcode", 999_999L));
    assertTrue(strings("skus_in_category", "fruit").containsAll(List.of("a-1", "a-2")));
    assertTrue(strings("skus_on_shelf", 3).containsAll(List.of("a-1", "a-3")));
    assertEquals(List.of("a-1", "a-2"), strings("sku_range", "a-1", "a-3"));
    assertEquals(List.of("a-2", "a-3"), strings("sku_range", "a-2", "a-4"));
    assertTrue(strings("sku_range", "", "a-2").contains("a-1"));
    assertTrue(strings("category_range", "tools", "toolt").contains("a-3"));
  }

  @Test
  void shouldMoveUpdatedRowsBetweenIndexEntries() {
    add("m-1", 2001, "old", 11, 5);
    node.call("inventory", "move", "m-1", "new", 12);
    assertTrue(strings("skus_in_category", "old").isEmpty());
    assertEquals(List.of("m-1"), strings("skus_in_category", "new"));
    assertTrue(strings("skus_on_shelf", 11).isEmpty());
    assertEquals(List.of("m-1"), strings("skus_on_shelf", 12));
    node.call("inventory", "reprice", "m-1", 99L);
    assertEquals(99L, ((StructValue) node.query("inventory", "by_sku", "m-1")).get(5));
    node.call("inventory", "remove", "m-1");
    assertNull(node.query("inventory", "by_sku", "m-1"));
    assertTrue(strings("skus_on_shelf", 12).isEmpty());
  }

  @Test
  void shouldRefuseConstraintViolationsAndChangeNothing() {
    add("c-1", 3001, "c", 1, 1);
    add("c-2", 3002, "c", 1, 1);
    var before = node.rows("inventory", "items");
    long lastTx = node.describe("inventory").lastTxId();

    var duplicateSku = refusal("add", "c-1", 3999L, "c", 1, 1L, null);
    assertEquals(ErrorKind.CONSTRAINT_VIOLATION, duplicateSku.kind());
    assertTrue(duplicateSku.getMessage().contains("c-1"), duplicateSku.getMessage());

    var duplicateBarcode = refusal("add", "c-9", 3001L, "c", 1, 1L, null);
    assertEquals(ErrorKind.CONSTRAINT_VIOLATION, duplicateBarcode.kind());

    // The first insert of the pair succeeds inside the transaction and must be undone too.
    var pair = refusal("add_pair", "c-3", "c-1", 3100L);
    assertEquals(ErrorKind.CONSTRAINT_VIOLATION, pair.kind());

    var rename = refusal("rename", "c-2", "c-1");
    assertEquals(ErrorKind.CONSTRAINT_VIOLATION, rename.kind());

    assertRowsEqual(before, node.rows("inventory", "items"));
    assertNull(node.query("inventory", "by_sku", "c-3"));
    assertEquals(lastTx, node.describe("inventory").lastTxId());
  }

  @Test
  void shouldLeaveTablesUntouchedWhenAReducerFails() {
    add("f-1", 4001, "doomed", 1, 1);
    add("f-2", 4002, "doomed", 1, 1);
    var before = node.rows("inventory", "items");
    long lastTx = node.describe("inventory").lastTxId();

    var refused = refusal("clear_then_fail", "doomed");
    assertEquals(ErrorKind.REDUCER_FAILED, refused.kind());
    assertEquals("changed my mind", refused.getMessage());

    var crashed = refusal("crash");
    assertEquals(ErrorKind.MODULE_FAILED, crashed.kind());
    assertTrue(crashed.getMessage().contains("ArithmeticException: boom"), crashed.getMessage());

    assertRowsEqual(before, node.rows("inventory", "items"));
    assertEquals(List.of("f-1", "f-2"), strings("skus_in_category", "doomed"));
    assertEquals(lastTx, node.describe("inventory").lastTxId());
  }

  @Test
  void shouldRefuseBadInputWithClearErrors() {
    long lastTx = node.describe("inventory").lastTxId();
    assertKind(ErrorKind.UNKNOWN_MODULE, () -> node.call("nowhere", "add"));
    assertKind(ErrorKind.UNKNOWN_MODULE, () -> node.call("Not A Name", "add"));
    assertKind(ErrorKind.UNKNOWN_MODULE, () -> node.describe("nowhere"));
    assertKind(ErrorKind.UNKNOWN_REDUCER, () -> node.call("inventory", "steal"));
    assertKind(ErrorKind.UNKNOWN_REDUCER, () -> node.call("inventory", "init"));
    assertKind(ErrorKind.UNKNOWN_REDUCER, () -> node.query("inventory", "nothing"));
    assertKind(ErrorKind.UNKNOWN_TABLE, () -> node.rows("inventory", "settings"));
    assertKind(ErrorKind.UNKNOWN_TABLE, () -> node.rows("inventory", "nope"));

    var count = assertKind(ErrorKind.BAD_ARGUMENTS, () -> node.call("inventory", "remove"));
    assertEquals("inventory.remove takes 1 argument (sku: string), found 0", count.getMessage());
    var type =
        assertKind(
            ErrorKind.BAD_ARGUMENTS,
            () -> node.call("inventory", "add", "x", "not a number", "c", 1, 1L, null));
    assertTrue(type.getMessage().contains("barcode"), type.getMessage());
    var narrow =
        assertKind(
            ErrorKind.BAD_ARGUMENTS, () -> node.call("inventory", "add", "x", 1, "c", 1, 1L, null));
    assertTrue(narrow.getMessage().contains("i64"), narrow.getMessage());

    assertKind(ErrorKind.BAD_ARGUMENTS, () -> node.callJson("inventory", "remove", "{\"sku\":1}"));
    assertKind(ErrorKind.BAD_ARGUMENTS, () -> node.callJson("inventory", "remove", "[1"));
    assertKind(ErrorKind.BAD_ARGUMENTS, () -> node.callJson("inventory", "remove", "[1]"));
    var range =
        assertKind(
            ErrorKind.BAD_ARGUMENTS,
            () -> node.callJson("inventory", "add", "[\"x\", 1, \"c\", 1099511627776, 1, null]"));
    assertTrue(range.getMessage().contains("shelf"), range.getMessage());
    assertEquals(lastTx, node.describe("inventory").lastTxId());
  }

  @Test
  void shouldRefuseArgumentsThatAreNotSdkValuesAsAModuleOnAnotherNodeWould() {
    long lastTx = node.describe("inventory").lastTxId();
    var call =
        assertKind(
            ErrorKind.BAD_ARGUMENTS,
            () -> node.call("inventory", "add", "x", 1L, "c", 1, new java.util.Date(0), null));
    assertEquals(
        "inventory.add: argument [4]: java.util.Date is not a value of the SDK (Boolean, Integer,"
            + " Long, Float, Double, String, Bytes, a List, StructValue, EnumValue, or null for"
            + " none)",
        call.getMessage());
    var query =
        assertKind(
            ErrorKind.BAD_ARGUMENTS,
            () -> node.query("inventory", "by_sku", List.of(new StringBuilder("x"))));
    assertTrue(query.getMessage().contains("[0][0]: java.lang.StringBuilder"), query.getMessage());
    assertEquals(lastTx, node.describe("inventory").lastTxId());
  }

  @Test
  void shouldAcceptJsonArguments() {
    node.callJson("inventory", "add", "[\"j-1\", 5001, \"json\", 2, 7, \"fragile\"]");
    var item = (StructValue) node.queryJson("inventory", "by_sku", "[\"j-1\"]");
    assertEquals("fragile", item.get(6));
  }

  @Test
  void shouldGiveEveryTransactionItsOwnTimestampAndSeed() {
    var first = node.call("inventory", "stamp", "t-1");
    var second = node.call("inventory", "stamp", "t-2");
    assertTrue(second.txId() > first.txId());
    assertTrue(second.timestamp().isAfter(first.timestamp()));
    var one = (StructValue) node.query("inventory", "by_sku", "t-1");
    var two = (StructValue) node.query("inventory", "by_sku", "t-2");
    long firstMicros =
        first.timestamp().getEpochSecond() * 1_000_000L + first.timestamp().getNano() / 1000;
    assertEquals(firstMicros, one.get(2), "ctx.timestamp() is the transaction's timestamp");
    assertTrue(!one.get(5).equals(two.get(5)), "each transaction draws from its own seed");
    assertEquals("local", one.get(6));
  }

  private static CallFailedException assertKind(
      ErrorKind kind, org.junit.jupiter.api.function.Executable call) {
    var failure = assertThrows(CallFailedException.class, call);
    assertEquals(kind, failure.kind(), failure.getMessage());
    return failure;
  }

  static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
    }
  }
}
