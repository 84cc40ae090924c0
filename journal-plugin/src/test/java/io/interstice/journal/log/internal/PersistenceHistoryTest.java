package io.interstice.journal.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.LogFixture;
import io.interstice.journal.log.internal.PersistenceHistory.Owner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceHistoryTest {
  private static final String LONG_ID = "x".repeat(250) + "|" + "y".repeat(249);

  @TempDir Path dir;

  private Path fileOf(String pid) {
    return dir.resolve(PersistenceHistory.fileName(pid) + ".hist");
  }

  @Test
  void shouldListClaimsInOrderAndIgnoreARepeatedClaimByTheCurrentOwner() {
    var history = new PersistenceHistory(dir);
    assertEquals(List.of(), history.owners("p"));

    history.claim("p", "node-a", 1);
    history.claim("p", "node-a", 5);
    history.claim("p", "node-b", 10);
    history.claim("p", "node-a", 20);

    var expected =
        List.of(new Owner("node-a", 1), new Owner("node-b", 10), new Owner("node-a", 20));
    assertEquals(expected, history.owners("p"));
    assertEquals(expected, new PersistenceHistory(dir).owners("p"), "after reopening");
  }

  @Test
  void shouldKeepClaimsOfOddIdsApartInSafeFileNames() throws Exception {
    var history = new PersistenceHistory(dir);
    var ids = List.of("module|bank", "a/b", "../escape", "..", ".", "Bank🙂ÄÖ", "%2F", LONG_ID);

    for (int i = 0; i < ids.size(); i++) {
      history.claim(ids.get(i), "node-" + i, i + 1);
    }

    for (int i = 0; i < ids.size(); i++) {
      assertEquals(List.of(new Owner("node-" + i, i + 1)), history.owners(ids.get(i)), ids.get(i));
      assertEquals(
          dir, fileOf(ids.get(i)).getParent(), "file outside the directory: " + ids.get(i));
    }
    try (var files = Files.list(dir)) {
      assertEquals(ids.size(), files.count());
    }
  }

  @Test
  void shouldMakeFileNamesOfPlainCharactersOnly() {
    assertEquals("module%7Cbank", PersistenceHistory.fileName("module|bank"));
    assertEquals("a%2Fb", PersistenceHistory.fileName("a/b"));
    assertEquals("%2E.", PersistenceHistory.fileName(".."));
    assertEquals("%C3%A4", PersistenceHistory.fileName("ä"));
    assertEquals("Order-1_x.y", PersistenceHistory.fileName("Order-1_x.y"));
    for (var id : List.of("module|bank", "a/b", "..", "日本語", LONG_ID, "ä".repeat(500))) {
      var name = PersistenceHistory.fileName(id);
      assertTrue(name.matches("[A-Za-z0-9._%~-]+"), name);
      assertFalse(name.startsWith("."), name);
      assertTrue(name.length() + ".hist".length() <= 255, name.length() + " chars: " + name);
    }
  }

  @Test
  void shouldGiveLongIdsThatShareAPrefixDistinctNames() {
    var names = new HashSet<String>();
    for (int i = 0; i < 50; i++) {
      names.add(PersistenceHistory.fileName(LONG_ID + i));
    }
    names.add(PersistenceHistory.fileName(LONG_ID));

    assertEquals(51, names.size());
    assertNotEquals(PersistenceHistory.fileName("a/b"), PersistenceHistory.fileName("a%2Fb"));
  }

  @Test
  void shouldIgnoreATornLastClaimAndOverwriteItWithTheNext() throws Exception {
    var history = new PersistenceHistory(dir);
    history.claim("p", "node-a", 1);
    long afterFirst = Files.size(fileOf("p"));
    history.claim("p", "node-b", 10);
    var full = LogFixture.read(fileOf("p"));

    for (int cut = (int) afterFirst + 1; cut < full.length; cut++) {
      LogFixture.write(fileOf("p"), Arrays.copyOf(full, cut));
      assertEquals(List.of(new Owner("node-a", 1)), history.owners("p"), "cut at " + cut);
    }

    history.claim("p", "node-c", 30);
    assertEquals(List.of(new Owner("node-a", 1), new Owner("node-c", 30)), history.owners("p"));
  }

  @Test
  void shouldIgnoreZerosLeftByAnInterruptedClaim() {
    var history = new PersistenceHistory(dir);
    history.claim("p", "node-a", 1);
    LogFixture.writeAt(fileOf("p"), LogFixture.size(fileOf("p")), new byte[64]);

    assertEquals(List.of(new Owner("node-a", 1)), history.owners("p"));
    history.claim("p", "node-b", 2);
    assertEquals(List.of(new Owner("node-a", 1), new Owner("node-b", 2)), history.owners("p"));
  }

  @Test
  void shouldReportDamageToAClaimThatIsNotTheLast() {
    var history = new PersistenceHistory(dir);
    history.claim("p", "node-a", 1);
    long second = LogFixture.size(fileOf("p"));
    history.claim("p", "node-b", 10);
    history.claim("p", "node-c", 20);
    LogFixture.flipBit(fileOf("p"), second + 12, 1);

    var e = assertThrows(CorruptLogException.class, () -> history.owners("p"));

    assertEquals(fileOf("p"), e.file());
    assertEquals(second, e.offset());
    assertEquals("p", e.persistenceId().orElseThrow());
  }

  @Test
  void shouldReportADamagedLengthOfAClaimThatIsNotTheLast() {
    var history = new PersistenceHistory(dir);
    history.claim("p", "node-a", 1);
    long second = LogFixture.size(fileOf("p"));
    history.claim("p", "node-b", 10);
    history.claim("p", "node-c", 20);
    LogFixture.flipBit(fileOf("p"), second + 1, 6); // length 16 becomes 2^22 + 16

    var e = assertThrows(CorruptLogException.class, () -> history.owners("p"));
    assertEquals(second, e.offset());
    assertThrows(
        CorruptLogException.class,
        () -> history.claim("p", "node-d", 30),
        "a claim must not overwrite claims after damage");
  }

  @Test
  void shouldRefuseAFileThatIsNotAHistory() throws Exception {
    Files.writeString(fileOf("p"), "not a history at all");

    var e =
        assertThrows(
            UnsupportedFormatException.class, () -> new PersistenceHistory(dir).owners("p"));

    assertTrue(e.getMessage().contains(fileOf("p").toString()), e.getMessage());
  }
}
