package io.interstice.sdk.value;

import java.util.Objects;

/**
 * {@code option<T>}: a value of {@code T} or none. None is represented by {@code null}, so the
 * inner type may not itself be an option.
 */
public record OptionType(Type inner) implements Type {
  public OptionType {
    Objects.requireNonNull(inner, "inner");
    if (inner instanceof OptionType) {
      throw new InvalidTypeException(
          "option<"
              + inner
              + "> is not allowed: none of the outer and inner option would both be"
              + " null");
    }
  }

  @Override
  public Kind kind() {
    return Kind.OPTION;
  }

  @Override
  public String toString() {
    return "option<" + inner + ">";
  }
}
