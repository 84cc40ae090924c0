package io.interstice.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile guest of {@code tests/src/test/wasm/hostile/} (and two of {@code
 * actors/src/test/wasm/}), each on its own node beside a healthy Java module (the bank) and a
 * healthy WebAssembly module (hello-wasm), held to the same checks: the attacker's answer (refused
 * at deploy or its call failed, with a bounded message naming the limit and no host class), the
 * neighbours' latency while the attack runs, the heap after repeating it, the growth of the log on
 * disk and of the node's log output, and the state after a restart on the same data.
 */
class HostileGuestSuiteTest {
  private static final Path GUESTS = Path.of("src", "test", "wasm", "hostile");
  private static final Path ACTORS_GUESTS = Path.of("..", "actors", "src", "test", "wasm");
  private static final Path HELLO =
      Path.of("..", "modules", "examples", "hello-wasm", "hello.wasm");
  private static final long MIB = 1 << 20;
  private static final int MAX_MESSAGE = 4096;
  private static final long INITIAL_BALANCE = 1_000_000L;
  private static final int NEIGHBOUR_CALLS = 20;
  private static final int REPETITIONS = 5;
  // Loose bounds that a slow machine keeps: the tight latency target is FairShareBench's.
  private static final Duration NEIGHBOUR_LATENCY = Duration.ofSeconds(2);
  private static final Duration ANSWER_TIME = Duration.ofSeconds(10);
  private static final long HEAP_GROWTH = 64 * MIB;
  private static final long LOG_GROWTH = MIB;
  private static final long OUTPUT_GROWTH = MIB;

  /**
   * One attack: the guest's binary, the call that attacks ({@code reducer} with {@code args}; none
   * for a guest refused at deploy), the kind of failure expected and the phrases of which its
   * message must contain one, and the guest's table that a failed call must leave empty.
   */
  record Attack(
      String name,
      Path binary,
      String module,
      String table,
      String reducer,
      List<Object> args,
      ErrorKind kind,
      List<String> phrases) {
    /** An attack by a guest of {@code tests/src/test/wasm/hostile/}, reducer 0 {@code attack}. */
    static Attack ofGuest(String guest, String module, ErrorKind kind, String... phrases) {
      return new Attack(
          guest,
          GUESTS.resolve(guest + ".wasm"),
          module,
          "items",
          "attack",
          List.of(),
          kind,
          List.of(phrases));
    }

    boolean refusedAtDeploy() {
      return kind == ErrorKind.BAD_MODULE;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Attack> attacks() {
    return Stream.of(
        Attack.ofGuest(
            "memories",
            "memories",
            ErrorKind.BAD_MODULE,
            "declares 2 memories; a module has exactly one"),
        Attack.ofGuest(
            "table-grow",
            "table_grow",
            ErrorKind.MODULE_FAILED,
            "in all tables exceeded the limit of 100000 (interstice.wasm.max-table-elements)"),
        Attack.ofGuest("gc-arrays", "gc_arrays", ErrorKind.BAD_MODULE, "of the GC proposal"),
        Attack.ofGuest(
            "huge-tables",
            "huge_tables",
            ErrorKind.BAD_MODULE,
            "10000000 initial table elements, more than the limit of 100000"
                + " (interstice.wasm.max-table-elements)"),
        new Attack(
            "far-schedule (flood.wasm)",
            ACTORS_GUESTS.resolve("flood.wasm"),
            "flood",
            "notes",
            "far",
            List.of(Long.MAX_VALUE),
            ErrorKind.MODULE_FAILED,
            List.of("(interstice.module.limits.max-schedule-ahead)")),
        Attack.ofGuest(
            "spin",
            "spin",
            ErrorKind.MODULE_FAILED,
            "(interstice.wasm.max-call-time)",
            "(interstice.wasm.max-long-calls)"),
        new Attack(
            "uncaught (uncaught-exception.wasm)",
            ACTORS_GUESTS.resolve("uncaught-exception.wasm"),
            "quirk",
            "greetings",
            "hello",
            List.of("boom"),
            ErrorKind.MODULE_FAILED,
            List.of("the guest threw a WebAssembly exception (tag 0) that nothing caught")),
        Attack.ofGuest(
            "refusal",
            "refusal",
            ErrorKind.REDUCER_FAILED,
            "x… [15728640 characters, cut to 4096]"));
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void shouldHurtNothingButTheAttacker(Attack attack) throws Exception {
    var binary = Files.readAllBytes(attack.binary());
    try (var node = start()) {
      deployHealthy(node);
      if (!attack.refusedAtDeploy()) {
        node.deployWasm(binary);
      }
      long logBefore = journalBytes();
      try (var output = NodeOutput.capture()) {
        long started = now();
        var answered = new AtomicLong();
        var running = launch(node, attack, binary).whenComplete((r, e) -> answered.set(now()));
        var neighbours = neighboursAnswer(node);
        var message = assertAnswer(attack, running);
        var took = Duration.ofNanos(answered.get() - started);
        assertTrue(took.compareTo(ANSWER_TIME) < 0, "the attack was answered in " + took);
        assertTrue(
            neighbours.compareTo(NEIGHBOUR_LATENCY) < 0,
            "a neighbour waited " + neighbours.toMillis() + " ms");

        long heapBefore = usedHeapAfterGc();
        repeat(node, attack, binary, took);
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        long logGrowth = journalBytes() - logBefore;
        System.out.printf(
            "%s: answered in %d ms (\"%.60s…\"); neighbours' max latency %d ms; after %d more,"
                + " heap %+d KiB, journal %+d bytes, node output %d characters%n",
            attack,
            took.toMillis(),
            message,
            neighbours.toMillis(),
            REPETITIONS,
            heapGrowth >> 10,
            logGrowth,
            output.chars());
        assertTrue(heapGrowth < HEAP_GROWTH, "the heap grew by " + heapGrowth + " after GC");
        assertTrue(logGrowth < LOG_GROWTH, "the log grew by " + logGrowth);
        assertTrue(output.chars() < OUTPUT_GROWTH, "the node logged " + output.chars());
      }
      assertAttackerLeftNothing(node, attack);
    }
    try (var node = start()) {
      assertAttackerLeftNothing(node, attack);
      assertNeighboursKeptTheirState(node);
    }
  }

  /**
   * The attack again, each time answered as before. Paced by the time the last one took, as a
   * patient attacker would, so that a guest trapping slowly is not held back by the module's
   * doubling pauses and each call runs in full.
   */
  private static void repeat(IntersticeNode node, Attack attack, byte[] binary, Duration took)
      throws Exception {
    for (int i = 0; i < REPETITIONS; i++) {
      Thread.sleep(took.toMillis() + 100);
      long started = now();
      assertAnswer(attack, launch(node, attack, binary));
      took = Duration.ofNanos(now() - started);
    }
  }

  private static long now() {
    return System.nanoTime();
  }

  /**
   * A node with the default limits but a call time limit of 500 ms, so that the looping guest's six
   * calls take seconds, not tens of seconds.
   */
  private IntersticeNode start() {
    return IntersticeNode.builder()
        .dataDir(dir)
        .config("interstice.wasm.max-call-time = 500ms")
        .start();
  }

  private static void deployHealthy(IntersticeNode node) throws IOException {
    node.deploy(Bank.class);
    node.call("bank", "open", "alice", INITIAL_BALANCE);
    node.call("bank", "open", "bob", 0L);
    node.deployWasm(Files.readAllBytes(HELLO));
  }

  private static CompletionStage<?> launch(IntersticeNode node, Attack attack, byte[] binary) {
    return attack.refusedAtDeploy()
        ? node.deployWasmAsync(binary)
        : node.callAsync(attack.module(), attack.reducer(), attack.args().toArray());
  }

  /** Transfers and greetings, one of each at a time; the longest either waited. */
  private static Duration neighboursAnswer(IntersticeNode node) {
    long longest = 0;
    for (int i = 0; i < NEIGHBOUR_CALLS; i++) {
      long started = System.nanoTime();
      node.call("bank", "transfer", 1L, 2L, 1L);
      long transferred = System.nanoTime();
      node.call("hello", "hello", "neighbour " + i);
      long greeted = System.nanoTime();
      longest = Math.max(longest, Math.max(transferred - started, greeted - transferred));
    }
    return Duration.ofNanos(longest);
  }

  /** The attack failed as expected, with a message a caller can read and nothing of the host. */
  private static String assertAnswer(Attack attack, CompletionStage<?> running) throws Exception {
    var failure = failure(running);
    var message = failure.getMessage();
    assertEquals(attack.kind(), failure.kind(), message);
    assertTrue(message.length() <= MAX_MESSAGE, "a message of " + message.length());
    assertTrue(
        attack.phrases().stream().anyMatch(message::contains),
        () -> "expected one of " + attack.phrases() + " in: " + message);
    for (var leak : List.of("io.interstice.", "chicory", "Exception")) {
      assertFalse(message.contains(leak), () -> "\"" + leak + "\" in: " + message);
    }
    return message;
  }

  private static CallFailedException failure(CompletionStage<?> running) throws Exception {
    var thrown =
        assertThrows(
            ExecutionException.class,
            () -> running.toCompletableFuture().get(ANSWER_TIME.toSeconds(), TimeUnit.SECONDS),
            "the attack succeeded");
    if (thrown.getCause() instanceof CallFailedException failed) {
      return failed;
    }
    throw thrown;
  }

  /** Refused at deploy, the module is not there; deployed, none of its failed calls left a row. */
  private static void assertAttackerLeftNothing(IntersticeNode node, Attack attack) {
    if (attack.refusedAtDeploy()) {
      var unknown = assertThrows(CallFailedException.class, () -> node.describe(attack.module()));
      assertEquals(ErrorKind.UNKNOWN_MODULE, unknown.kind(), unknown.getMessage());
    } else {
      assertEquals(List.of(), node.rows(attack.module(), attack.table()), "rows of failed calls");
    }
  }

  /** The neighbours hold exactly what their own calls wrote, and answer. */
  private static void assertNeighboursKeptTheirState(IntersticeNode node) {
    var accounts = node.rows("bank", "accounts");
    assertEquals(INITIAL_BALANCE - NEIGHBOUR_CALLS, accounts.get(0)[2], "alice's balance");
    assertEquals((long) NEIGHBOUR_CALLS, accounts.get(1)[2], "bob's balance");
    node.call("hello", "hello", "after restart");
    assertEquals(NEIGHBOUR_CALLS + 1, node.rows("hello", "greetings").size());
  }

  /** Heap in use after full collections, the least of three, so garbage does not count. */
  private static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    var runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
    }
    return least;
  }

  /** Bytes of every file of the journal: its segments, their sidecars, the histories. */
  private long journalBytes() {
    return DirectoryBytes.of(dir.resolve("journal"));
  }
}
