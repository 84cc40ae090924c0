package io.interstice.runtime.wasm;

/** Generated guests for tests outside this package ({@link GuestBinary} stays package-private). */
public final class GuestBinaries {
  private GuestBinaries() {}

  /** A valid guest whose {@code interstice_describe} counts to {@code iterations} first. */
  public static byte[] slowToDescribe(int iterations) {
    return new GuestBinary().slowDescribe(iterations).build();
  }
}
