package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.cli.Interstice;
import io.interstice.client.IntersticeClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interstice deploy --watch} against a real node process: the module author's edit-run loop.
 * The watched file is rewritten twice, each time in two halves with a pause between (as a slow
 * build writes it): first with a compatible version, which is upgraded, then with a breaking one,
 * which the node refuses while the watch goes on.
 */
class DeployWatchNodeTest {
  private static final Path FIXTURES = Path.of("..", "cli", "src", "test", "wasm");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void shouldUpgradeOnEachChangeAndGoOnAfterARefusal() throws Exception {
    var watched = Files.copy(FIXTURES.resolve("counter-v1.wasm"), dir.resolve("counter.wasm"));
    var node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"));
    try (var client = IntersticeClient.connect(URI.create(node.url()))) {
      var out = new StringWriter();
      var err = new StringWriter();
      var exit = new AtomicInteger(-1);
      var watcher =
          new Thread(
              () -> {
                var cmd = Interstice.commandLine();
                cmd.setOut(new PrintWriter(out, true));
                cmd.setErr(new PrintWriter(err, true));
                exit.set(
                    cmd.execute(
                        "deploy",
                        watched.toString(),
                        "--watch",
                        "--interval",
                        "1000",
                        "--url",
                        node.url()));
              },
              "deploy-watch");
      watcher.start();
      try {
        awaitOutput(out, text -> text.contains("deployed counter  version 1"));

        writeSlowly(watched, FIXTURES.resolve("counter-v2.wasm"));
        awaitOutput(out, text -> text.contains("upgraded counter  version 2"));
        assertTrue(
            out.toString()
                .contains(
                    "upgrade of module counter from version 1 to 2: compatible\n"
                        + "  info: reducer add_twice added\n"
                        + "upgraded counter  version 2"),
            out.toString());
        assertTrue(client.call("counter", "add_twice", "x").tx() > 0, "version 2 runs");

        writeSlowly(watched, FIXTURES.resolve("counter-v3.wasm"));
        awaitOutput(out, text -> text.contains("refused: "));
        var text = out.toString();
        assertTrue(
            text.contains(
                "upgrade of module counter from version 2 to 3: refused, 1 change needs an upgrade"
                    + " reducer\n  needs migration: table items: column note"),
            text);
        assertTrue(text.contains("refused: BAD_MODULE: "), text);
        assertFalse(text.contains("not deployed, a deploy would refuse"), "no half file sent");
        assertEquals(2, client.describe("counter").version(), "version 2 keeps running");
        assertTrue(watcher.isAlive(), "the watch goes on after a refusal");
      } finally {
        watcher.interrupt();
        watcher.join(WAIT.toMillis());
      }
      assertEquals(0, exit.get(), err.toString());
      assertTrue(out.toString().endsWith("stopped watching " + watched + "\n"), out.toString());
    } finally {
      node.close();
    }
  }

  /**
   * Rewrites {@code target} with {@code source}'s bytes in two halves, 50 ms apart: within one poll
   * interval.
   */
  private static void writeSlowly(Path target, Path source) throws Exception {
    var bytes = Files.readAllBytes(source);
    int half = bytes.length / 2;
    Files.write(target, Arrays.copyOf(bytes, half));
    Thread.sleep(50);
    Files.write(target, Arrays.copyOfRange(bytes, half, bytes.length), StandardOpenOption.APPEND);
  }

  private static void awaitOutput(StringWriter out, Predicate<String> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.test(out.toString())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not printed in time:\n" + out);
      }
      Thread.sleep(50);
    }
  }
}
