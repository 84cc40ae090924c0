package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schema}, {@code validate} and {@code schema-diff} on real module code: the committed
 * WebAssembly examples and fixtures, the Java examples, and Java classes compiled here into a
 * directory that only {@code --class-path} names.
 */
class SchemaToolsTest {
  static final Path BANK_WASM = Path.of("../modules/examples/bank-wasm/bank.wasm");
  static final Path COUNTER_V1 = Path.of("src/test/wasm/counter-v1.wasm");
  static final Path COUNTER_V2 = Path.of("src/test/wasm/counter-v2.wasm");
  static final Path COUNTER_V3 = Path.of("src/test/wasm/counter-v3.wasm");
  static final String BANK_JAVA = "java:io.interstice.examples.bank.Bank";

  @TempDir Path dir;

  /** A Java module {@code demo.Tally} of {@code version}, with {@code extra} members. */
  static String tally(int version, String columns, String extra) {
    return """
        package demo;

        import io.interstice.sdk.Module;
        import io.interstice.sdk.PrimaryKey;
        import io.interstice.sdk.Reducer;
        import io.interstice.sdk.ReducerContext;
        import io.interstice.sdk.Subscribe;
        import io.interstice.sdk.Table;
        import io.interstice.sdk.Upgrade;

        @Module(name = "tally", version = %d, tables = {Tally.Count.class})
        public final class Tally {
          @Table(name = "counts")
          public record Count(@PrimaryKey String name, %s) {}

          @Reducer
          public static void bump(ReducerContext ctx, String name) {}

          %s
        }
        """
        .formatted(version, columns, extra);
  }

  private Path compileTally(String where, int version, String columns, String extra)
      throws Exception {
    return JavaSources.compile(dir.resolve(where), "demo.Tally", tally(version, columns, extra));
  }

  /** A Tally that subscribes to the bank's new accounts with a reducer of the wrong type. */
  private Path compileSubscriberOfTheBank() throws Exception {
    return compileTally(
        "subscriber",
        1,
        "long total",
        """
        @Subscribe("bank.accounts.insert")
        public static void opened(ReducerContext ctx, long account) {}
        """);
  }

  @Test
  void shouldPrintTheWholeSchemaOfAWasmModule() {
    var result = CommandRunner.run("schema", BANK_WASM.toString());
    assertEquals(0, result.exitCode(), result.err());
    var out = result.out();
    assertTrue(out.startsWith("module bank  version 1  public\ntables:\n"), out);
    assertTrue(
        out.contains(
            "  accounts(id i64 primary key auto-increment, owner string, balance i64)\n"
                + "    index owner (owner) btree unique\n"),
        out);
    assertTrue(out.contains("  transfer(from i64, to i64, amount i64)\n"), out);
    assertTrue(out.contains("  balance(account i64) -> i64\n"), out);
  }

  @Test
  void shouldPrintTheSameJsonForTheJavaAndTheWasmBank() {
    var wasm = CommandRunner.run("schema", BANK_WASM.toString(), "--json");
    var java = CommandRunner.run("schema", "--java", "io.interstice.examples.bank.Bank", "--json");
    assertEquals(0, java.exitCode(), java.err());
    assertEquals(wasm.out(), java.out());
    var json = CommandRunner.json(java.out());
    assertEquals("bank", json.get("name").asText());
    assertEquals("owner", json.at("/tables/0/indexes/0/columns/0").asText(), java.out());
    assertEquals("i64", json.at("/reducers/0/params/0/type").asText(), java.out());
  }

  @Test
  void shouldFindAJavaModuleOnlyThroughTheClassPathGiven() throws Exception {
    var classes = compileTally("v1", 1, "long total", "");
    var missing = CommandRunner.run("schema", "java:demo.Tally");
    assertEquals(ExitCodes.FAILED, missing.exitCode(), missing.out());
    assertTrue(missing.err().startsWith("error: java:demo.Tally: "), missing.err());

    var found = CommandRunner.run("schema", "java:demo.Tally", "--class-path", classes.toString());
    assertEquals(0, found.exitCode(), found.err());
    assertTrue(found.out().contains("  counts(name string primary key, total i64)"), found.out());
  }

  @Test
  void shouldPrintTheRefusalADeployWouldGiveForGarbage() throws Exception {
    var garbage = Files.write(dir.resolve("garbage.wasm"), new byte[] {0, 'a', 's', 'm', 9, 9});
    var schema = CommandRunner.run("schema", garbage.toString());
    assertEquals(ExitCodes.FAILED, schema.exitCode());
    assertTrue(schema.err().startsWith("error: " + garbage + ": wasm:"), schema.err());
    assertEquals(1, schema.err().strip().lines().count(), schema.err());

    var validate = CommandRunner.run("validate", garbage.toString(), "--json");
    assertEquals(ExitCodes.FOUND_PROBLEMS, validate.exitCode(), validate.err());
    var json = CommandRunner.json(validate.out());
    assertFalse(json.get("valid").asBoolean());
    assertTrue(json.at("/problems/0").asText().startsWith("wasm:"), validate.out());
  }

  @Test
  void shouldRefuseBadUsage() {
    assertEquals(ExitCodes.USAGE, CommandRunner.run("schema").exitCode());
    var both = CommandRunner.run("schema", BANK_WASM.toString(), "--java", "a.B");
    assertEquals(ExitCodes.USAGE, both.exitCode());
    var missing = CommandRunner.run("validate", "no/such.wasm");
    assertEquals(ExitCodes.USAGE, missing.exitCode());
    assertTrue(missing.err().contains("no such file: no/such.wasm"), missing.err());
    var failOn = CommandRunner.run("schema-diff", "a.wasm", "b.wasm", "--fail-on", "sometimes");
    assertEquals(ExitCodes.USAGE, failOn.exitCode());
    var noEntry = CommandRunner.run("schema", "java:a.B", "--class-path", "/no/such.jar");
    assertEquals(ExitCodes.USAGE, noEntry.exitCode());
    assertTrue(noEntry.err().contains("no such class path entry: /no/such.jar"), noEntry.err());
  }

  @Test
  void shouldAcceptAValidModuleAndWarnOfUncheckedSubscriptions() throws Exception {
    var valid = CommandRunner.run("validate", COUNTER_V1.toString());
    assertEquals(0, valid.exitCode(), valid.out());
    assertEquals("module counter version 1: valid, a deploy would accept it\n", valid.out());

    var classes = compileSubscriberOfTheBank();
    var unchecked = CommandRunner.run("validate", "java:demo.Tally", "--cp", classes.toString());
    assertEquals(0, unchecked.exitCode(), unchecked.out());
    assertTrue(
        unchecked.out().startsWith("warning: subscriptions to module bank not checked"),
        unchecked.out());
  }

  @Test
  void shouldFindASubscriptionThatDoesNotMatchTheProducer() throws Exception {
    var classes = compileSubscriberOfTheBank();
    var result =
        CommandRunner.run(
            "validate", "java:demo.Tally", "--cp", classes.toString(), "--producer", BANK_JAVA);
    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.out());
    assertTrue(
        result
            .out()
            .startsWith(
                "problem: module tally: subscription bank.accounts.insert of reducer opened:"
                    + " the reducer takes (account: i64) but insert on bank.accounts delivers"),
        result.out());
    assertTrue(result.out().endsWith("INVALID, a deploy would refuse it\n"), result.out());
  }

  @Test
  void shouldApplyTheLimitsOfTheNodesConfiguration() throws Exception {
    var config =
        Files.writeString(dir.resolve("node.conf"), "interstice.module.limits.max-reducers = 1\n");
    var result =
        CommandRunner.run("validate", COUNTER_V2.toString(), "--config", config.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.out());
    assertTrue(
        result
            .out()
            .contains(
                "describes a schema of 2 reducers, more than the limit of 1"
                    + " (interstice.module.limits.max-reducers)"),
        result.out());
    var missing = CommandRunner.run("validate", COUNTER_V2.toString(), "--config", "no.conf");
    assertEquals(ExitCodes.USAGE, missing.exitCode());
    assertTrue(missing.err().contains("no configuration file no.conf"), missing.err());
  }

  @Test
  void shouldCheckAnUpgradeWhenValidating() {
    var refused =
        CommandRunner.run(
            "validate", COUNTER_V3.toString(), "--upgrade-from", COUNTER_V1.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, refused.exitCode(), refused.out());
    assertTrue(
        refused.out().contains("problem: upgrade of module counter from version 1 to 3: refused"),
        refused.out());
    var accepted =
        CommandRunner.run(
            "validate", COUNTER_V2.toString(), "--upgrade-from", COUNTER_V1.toString());
    assertEquals(0, accepted.exitCode(), accepted.out());
  }

  @Test
  void shouldListACompatibleChangeAndExitZero() {
    var result = CommandRunner.run("schema-diff", COUNTER_V1.toString(), COUNTER_V2.toString());
    assertEquals(0, result.exitCode(), result.out());
    assertEquals(
        "upgrade of module counter from version 1 to 2: compatible\n"
            + "  info: reducer add_twice added\n",
        result.out());
  }

  @Test
  void shouldExitOneOnABreakingChangeUnlessToldOtherwise() {
    var result = CommandRunner.run("schema-diff", COUNTER_V1.toString(), COUNTER_V3.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.out());
    assertTrue(
        result
            .out()
            .startsWith(
                "upgrade of module counter from version 1 to 3: refused, 1 change needs an"
                    + " upgrade reducer\n  needs migration: table items: column note"),
        result.out());
    var never =
        CommandRunner.run(
            "schema-diff", COUNTER_V1.toString(), COUNTER_V3.toString(), "--fail-on", "never");
    assertEquals(0, never.exitCode());
    var json =
        CommandRunner.json(
            CommandRunner.run("schema-diff", COUNTER_V1.toString(), COUNTER_V3.toString(), "--json")
                .out());
    assertFalse(json.get("accepted").asBoolean(), json.toString());
    assertTrue(json.get("breaking").asBoolean(), json.toString());
    assertEquals("column_added", json.at("/changes/0/kind").asText(), json.toString());
    assertEquals("needs migration", json.at("/changes/0/severity").asText(), json.toString());
  }

  @Test
  void shouldCompareTwoBuildsOfOneJavaClass() throws Exception {
    var old = compileTally("old", 1, "long total", "");
    var migrating =
        compileTally(
            "new", 2, "String total", "@Upgrade public static void migrate(ReducerContext ctx) {}");
    String[] diff = {
      "schema-diff",
      "java:demo.Tally",
      "java:demo.Tally",
      "--old-class-path",
      old.toString(),
      "--new-class-path",
      migrating.toString()
    };
    var breaking = CommandRunner.run(diff);
    assertEquals(ExitCodes.FOUND_PROBLEMS, breaking.exitCode(), breaking.out());
    assertTrue(
        breaking
            .out()
            .startsWith(
                "upgrade of module tally from version 1 to 2: accepted with upgrade reducer"
                    + " migrate\n  needs migration: table counts: column total changed type"
                    + " from i64 to string"),
        breaking.out());
    var planned = CommandRunner.run(append(diff, "--fail-on", "refused"));
    assertEquals(0, planned.exitCode(), planned.out());
  }

  @Test
  void shouldRefuseAWasmAndAJavaBankOfTheSameVersion() {
    var result = CommandRunner.run("schema-diff", BANK_WASM.toString(), BANK_JAVA);
    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.out());
    assertEquals(
        "upgrade of module bank from version 1 to 1: refused, 1 change is not possible even with"
            + " an upgrade reducer\n"
            + "  refused: module bank: version must increase, deployed 1, new 1\n",
        result.out());
  }

  private static String[] append(String[] args, String... more) {
    var all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
