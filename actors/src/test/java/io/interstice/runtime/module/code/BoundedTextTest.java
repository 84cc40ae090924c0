package io.interstice.runtime.module.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedTextTest {
  @Test
  void shortTextIsKept() {
    var text = "refused: not enough money";
    assertSame(text, BoundedText.cut(text, 100));
  }

  @Test
  void longTextIsCutToTheBoundWithAMarker() {
    var text = "x".repeat(1_000_000);
    var cut = BoundedText.cut(text, 200);
    assertEquals(200, cut.length());
    assertTrue(cut.startsWith("xxxx"), cut);
    assertTrue(cut.endsWith("[1000000 characters, cut to 200]"), cut);
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    var text = "a".repeat(160) + "😀".repeat(100);
    var cut = BoundedText.cut(text, 200);
    for (int i = 0; i < cut.length(); i++) {
      if (Character.isHighSurrogate(cut.charAt(i))) {
        assertTrue(Character.isLowSurrogate(cut.charAt(i + 1)), cut);
      }
    }
  }
}
