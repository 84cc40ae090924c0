package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node reports the health of its log: what the scrub found in sealed segments, and when. */
class LogHealthTest {
  @TempDir Path dir;

  private IntersticeNode start() {
    return IntersticeNode.builder()
        .dataDir(dir)
        .config("interstice.journal { segment-size = 4KiB, scrub-interval = off }")
        .start();
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("journal"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  @Test
  void shouldReportDamageTheScrubFindsInASealedSegment() throws IOException {
    try (var node = start()) {
      node.deploy(Bank.class);
      for (int i = 0; i < 60; i++) {
        node.call("bank", "open", "user-" + i, 100L);
      }
      assertTrue(segments().size() >= 3, "the log rolled: " + segments());
      assertTrue(node.logHealth().healthy());
      assertEquals(List.of(), node.scrubLogNow());
      assertEquals(1, node.logHealth().scrubPasses());

      var sealed = segments().get(1);
      try (var file = new RandomAccessFile(sealed.toFile(), "rw")) {
        file.seek(file.length() / 2);
        int b = file.read();
        file.seek(file.length() / 2);
        file.write(b ^ 0x10);
      }

      var found = node.scrubLogNow();

      assertEquals(1, found.size(), found.toString());
      assertEquals(sealed, found.get(0).file());
      var health = node.logHealth();
      assertEquals(1, health.scrubDamageFound());
      assertTrue(health.damage().contains(found.get(0)));
      assertTrue(!health.healthy());
      // The module goes on serving: the scrub reports, it does not stop anything.
      node.call("bank", "open", "after-the-scrub", 1L);
    }
  }
}
