package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.examples.bank.Bank;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankSmokeTest {
  @TempDir Path dir;

  @Test
  void shouldTransferAndRecover() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "alice", 100L);
      node.call("bank", "open", "bob", 5L);
      node.call("bank", "transfer", 1L, 2L, 30L);
      assertEquals(70L, node.query("bank", "balance", 1L));
      var e =
          assertThrows(
              CallFailedException.class, () -> node.call("bank", "transfer", 2L, 1L, 300L));
      assertEquals(ErrorKind.REDUCER_FAILED, e.kind());
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertEquals(70L, node.query("bank", "balance", 1L));
      assertEquals(35L, node.query("bank", "balance", 2L));
      assertEquals(3, node.describe("bank").recovery().recoveredTransactions());
    }
  }
}
