package io.interstice.sdk.value;

import java.util.Objects;

/**
 * The value of an {@code enum} type: the index of the variant in its type and, for readability, its
 * name. Obtain values from {@link EnumType#value(String)} so both agree; {@link Values#check}
 * refuses a value whose name is not the variant at its index.
 */
public record EnumValue(int index, String name) {
  public EnumValue {
    Objects.requireNonNull(name, "name");
    if (index < 0) {
      throw new InvalidTypeException("enum variant index must not be negative, found " + index);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
