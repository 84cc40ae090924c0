package io.interstice.sdk.value;

import java.util.HashSet;
import java.util.List;

/**
 * {@code enum{a, b, ...}}: one of a fixed list of named variants without payload. Values are {@link
 * EnumValue}s; they order by variant index and are encoded as that index.
 */
public record EnumType(List<String> variants) implements Type {
  public EnumType {
    variants = List.copyOf(variants);
    if (variants.isEmpty()) {
      throw new InvalidTypeException("an enum needs at least one variant");
    }
    var seen = new HashSet<String>();
    for (var variant : variants) {
      if (!seen.add(variant)) {
        throw new InvalidTypeException("duplicate enum variant " + variant);
      }
    }
  }

  /** The index of the variant with this name, or -1. */
  public int indexOf(String variant) {
    return variants.indexOf(variant);
  }

  /** The value of the variant at {@code index}. */
  public EnumValue value(int index) {
    if (index < 0 || index >= variants.size()) {
      throw new InvalidTypeException("enum variant index " + index + " out of range for " + this);
    }
    return new EnumValue(index, variants.get(index));
  }

  /** The value of the variant with this name. */
  public EnumValue value(String variant) {
    int index = indexOf(variant);
    if (index < 0) {
      throw new InvalidTypeException("no variant " + variant + " in " + this);
    }
    return new EnumValue(index, variant);
  }

  @Override
  public Kind kind() {
    return Kind.ENUM;
  }

  @Override
  public String toString() {
    return "enum{" + String.join(", ", variants) + "}";
  }
}
