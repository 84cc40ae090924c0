package io.interstice.journal.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.LogFixture;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {
  private static final ChecksummedFile.Kind KIND =
      new ChecksummedFile.Kind("test file", 0x49535459, (short) 2, (short) 1);

  @TempDir Path dir;

  private Path writeTest(ChecksummedFile.Kind kind) {
    var file = dir.resolve("test.dat");
    ChecksummedFile.write(
        file,
        kind,
        out -> {
          out.writeLong(42);
          ChecksummedFile.writeString(out, "module|bank");
        });
    return file;
  }

  @Test
  void shouldReadBackWhatItWrote() {
    var body = ChecksummedFile.read(writeTest(KIND), KIND);

    assertEquals(ChecksummedFile.OFFSET_BODY, body.position());
    assertEquals(2, body.getShort(ChecksummedFile.OFFSET_VERSION));
    assertEquals(42, body.getLong());
    assertEquals("module|bank", ChecksummedFile.readString(body));
    assertEquals(0, body.remaining());
  }

  @Test
  void shouldCallEveryFlippedBitDamageEvenInTheMagicAndVersion() {
    var file = writeTest(KIND);
    var original = LogFixture.read(file);
    for (int at = 0; at < original.length; at++) {
      for (int bit = 0; bit < 8; bit++) {
        var bytes = original.clone();
        bytes[at] ^= (byte) (1 << bit);
        LogFixture.write(file, bytes);

        var e = assertThrows(CorruptLogException.class, () -> ChecksummedFile.read(file, KIND));

        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("test file CRC stored 0x"), e.getMessage());
      }
    }
  }

  @Test
  void shouldNameTheMagicItFoundWhenTheChecksumFailsToo() {
    var file = writeTest(KIND);
    LogFixture.flipBit(file, 0, 0);

    var e = assertThrows(CorruptLogException.class, () -> ChecksummedFile.read(file, KIND));

    assertTrue(e.getMessage().contains("magic is 0x48535459"), e.getMessage());
    assertTrue(e.getMessage().contains("0x49535459 \"ISTY\" belongs"), e.getMessage());
  }

  @Test
  void shouldRefuseAnIntactFileOfAnotherKind() {
    var other = ChecksummedFile.Kind.of("other file", 0x4953545A, (short) 1);
    var file = writeTest(other);

    var e = assertThrows(UnsupportedFormatException.class, () -> ChecksummedFile.read(file, KIND));

    assertTrue(e.getMessage().contains(file + " is not an Interstice test file"), e.getMessage());
    assertTrue(e.getMessage().contains("magic 0x4953545a"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 0x49535459 \"ISTY\""), e.getMessage());
  }

  @Test
  void shouldReadOlderVersionsAndRefuseNewerOnes() {
    var older = new ChecksummedFile.Kind("test file", KIND.magic(), (short) 1, (short) 1);
    var newer = new ChecksummedFile.Kind("test file", KIND.magic(), (short) 3, (short) 3);

    assertEquals(1, ChecksummedFile.read(writeTest(older), KIND).getShort(4));
    var e =
        assertThrows(
            UnsupportedFormatException.class, () -> ChecksummedFile.read(writeTest(newer), KIND));

    assertTrue(
        e.getMessage().contains("has test file version 3; this build reads versions 1..2"),
        e.getMessage());
  }

  @Test
  void shouldReportAFileTooShortForHeaderAndChecksum() {
    var file = writeTest(KIND);
    LogFixture.write(file, Arrays.copyOf(LogFixture.read(file), 11));

    var e = assertThrows(CorruptLogException.class, () -> ChecksummedFile.read(file, KIND));

    assertTrue(e.getMessage().contains("test file cut short at 11 bytes"), e.getMessage());
  }

  @Test
  void shouldReportFieldsThatRunPastTheBodyWhereTheyRanOut() {
    var file = writeTest(KIND);
    var body = ChecksummedFile.read(file, KIND);

    var e =
        assertThrows(
            CorruptLogException.class,
            () ->
                ChecksummedFile.parse(
                    file,
                    KIND,
                    body,
                    b -> {
                      b.getLong();
                      b.getLong();
                      return b.getLong();
                    }));

    assertEquals(ChecksummedFile.OFFSET_BODY + 16, e.offset());
    assertTrue(e.getMessage().contains("test file fields cut short"), e.getMessage());
  }
}
