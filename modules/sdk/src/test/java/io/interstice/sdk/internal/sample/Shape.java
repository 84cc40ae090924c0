package io.interstice.sdk.internal.sample;

/** An enum column of the sample {@link Everything} module. */
public enum Shape {
  CIRCLE,
  SQUARE,
  ON_HOLD
}
