package io.interstice.sdk.value;

import java.util.Objects;

/** {@code list<T>}: an ordered sequence of values of one type, held as an unmodifiable list. */
public record ListType(Type element) implements Type {
  public ListType {
    Objects.requireNonNull(element, "element");
  }

  @Override
  public Kind kind() {
    return Kind.LIST;
  }

  @Override
  public String toString() {
    return "list<" + element + ">";
  }
}
