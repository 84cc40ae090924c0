package io.interstice.sdk.value;

import java.util.Objects;

/**
 * A type without inner types: {@code bool}, {@code i32}, {@code i64}, {@code f32}, {@code f64},
 * {@code string} or {@code bytes}. Obtain them from {@link Type#i64()} and friends.
 */
public record ScalarType(Kind kind) implements Type {
  static final ScalarType BOOL = new ScalarType(Kind.BOOL);
  static final ScalarType I32 = new ScalarType(Kind.I32);
  static final ScalarType I64 = new ScalarType(Kind.I64);
  static final ScalarType F32 = new ScalarType(Kind.F32);
  static final ScalarType F64 = new ScalarType(Kind.F64);
  static final ScalarType STRING = new ScalarType(Kind.STRING);
  static final ScalarType BYTES = new ScalarType(Kind.BYTES);

  public ScalarType {
    Objects.requireNonNull(kind, "kind");
    if (!kind.isScalar()) {
      throw new InvalidTypeException(kind.displayName() + " is not a scalar type");
    }
  }

  /** The scalar type of a kind. */
  public static ScalarType of(Kind kind) {
    return new ScalarType(kind);
  }

  @Override
  public String toString() {
    return kind.displayName();
  }
}
