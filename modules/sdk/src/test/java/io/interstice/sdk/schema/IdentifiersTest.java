package io.interstice.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void shouldAcceptLowercaseNamesWithDigitsAndUnderscores() {
    for (var name : new String[] {"a", "bank", "chat_2", "x_", "a1b2c3", "z".repeat(64)}) {
      assertTrue(Identifiers.isIdentifier(name), name);
    }
  }

  @Test
  void shouldRefuseEverythingElse() {
    for (var name :
        new String[] {
          "",
          "1bank",
          "_bank",
          "Bank",
          "baNk",
          "bank-1",
          "bank.x",
          "bank ",
          " bank",
          "bänk",
          "bank/",
          "z".repeat(65),
          "a\u0000",
          "\uD83D\uDE00"
        }) {
      assertFalse(Identifiers.isIdentifier(name), name);
    }
    assertFalse(Identifiers.isIdentifier(null));
  }
}
