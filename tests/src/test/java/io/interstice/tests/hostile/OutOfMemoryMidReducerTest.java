package io.interstice.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.tests.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reducer that exhausts the JVM's heap after inserting a row, in the middle of a batch of other
 * calls, on a real node in a child JVM with a small heap: every caller gets an answer, the module
 * never serves the row of the failed call, what was acknowledged is exactly what the tables hold —
 * then and after a restart — and a healthy module beside it goes on working.
 */
class OutOfMemoryMidReducerTest {
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void shouldUndoTheTransactionAndAnswerEveryCallerWhenTheHeapRunsOut(@TempDir Path dir)
      throws Exception {
    var data = dir.resolve("data");
    var attack = run(dir, data, "attack");

    var acknowledged = new TreeSet<Long>();
    var answered = new TreeSet<Long>();
    String hostile = null;
    for (var line : attack) {
      var parts = line.split(" ", 4);
      if (parts[0].equals("ACK")) {
        acknowledged.add(Long.parseLong(parts[1]));
        answered.add(Long.parseLong(parts[1]));
      } else if (parts[0].equals("FAILED")) {
        answered.add(Long.parseLong(parts[1]));
        if (Long.parseLong(parts[1]) == HoardNode.HOSTILE_ID) {
          hostile = line;
        }
      }
    }
    assertEquals(HoardNode.CALLS + 1, answered.size(), "every caller is answered: " + attack);
    assertTrue(hostile != null && hostile.startsWith("FAILED 1000 MODULE_FAILED"), "" + hostile);
    assertTrue(hostile.contains("ran out of memory"), hostile);
    assertTrue(!hostile.contains("java.lang") && !hostile.contains("io.interstice"), hostile);
    assertTrue(acknowledged.size() >= HoardNode.CALLS / 2 - 1, "calls before it: " + attack);
    assertEquals("ROWS " + join(acknowledged), line(attack, "ROWS"), "served rows = acknowledged");
    assertEquals("BANK 1", line(attack, "BANK"));

    var verify = run(dir, data, "verify");
    acknowledged.add((long) HoardNode.CALLS + 1);
    assertEquals("ROWS " + join(acknowledged), line(verify, "ROWS"), "after a restart too");
    assertEquals("BANK 2", line(verify, "BANK"));
  }

  private static List<String> run(Path dir, Path data, String phase) throws Exception {
    var child =
        ChildJvm.start(
            "hoard-" + phase,
            HoardNode.class,
            "module-crash-logback.xml",
            dir.resolve(phase + ".stderr"),
            List.of(data.toString(), phase));
    try {
      assertTrue(
          child.awaitLines(line -> line.equals("DONE"), 1, PHASE_TIMEOUT),
          () -> "phase " + phase + " did not finish: " + child.describe(""));
      assertTrue(child.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(0, child.process().exitValue(), () -> child.describe(""));
      return new ArrayList<>(child.lines());
    } finally {
      child.kill(Duration.ofSeconds(10));
    }
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix + " ")).findFirst().orElse("none");
  }

  private static String join(TreeSet<Long> ids) {
    return String.join(",", ids.stream().map(String::valueOf).toList());
  }
}
