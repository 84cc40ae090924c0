package io.interstice.runtime.wasm;

/** Generated guests for tests outside this package ({@link GuestBinary} stays package-private). */
public final class GuestBinaries {
  private GuestBinaries() {}

  /** A valid guest whose {@code interstice_describe} counts to {@code iterations} first. */
  public static byte[] slowToDescribe(int iterations) {
    return new GuestBinary().slowDescribe(iterations).build();
  }

  /**
   * {@code binary} with a custom section named {@code padding} of {@code size} bytes, each {@code
   * fill}, appended: the same module, made larger (and different for each fill).
   */
  public static byte[] withCustomSection(byte[] binary, int size, int fill) {
    var name = "padding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    var content = new java.io.ByteArrayOutputStream();
    leb(content, name.length);
    content.writeBytes(name);
    var padding = new byte[size];
    java.util.Arrays.fill(padding, (byte) fill);
    content.writeBytes(padding);
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes(binary);
    out.write(0);
    leb(out, content.size());
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static void leb(java.io.ByteArrayOutputStream out, int value) {
    do {
      int b = value & 0x7f;
      value >>>= 7;
      out.write(value == 0 ? b : b | 0x80);
    } while (value != 0);
  }
}
