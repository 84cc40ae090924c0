package io.interstice.sdk.value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code struct{name: type, ...}}: a fixed sequence of named fields, compared structurally (two
 * structs with the same fields in the same order are the same type). Values are {@link
 * StructValue}s holding the field values in order. A struct has at least one field, so every
 * encoded value takes at least one byte.
 */
public record StructType(List<Field> fields) implements Type {

  /** One named field of a struct. */
  public record Field(String name, Type type) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return name + ": " + type;
    }
  }

  public StructType {
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new InvalidTypeException("a struct needs at least one field");
    }
    var seen = new HashSet<String>();
    for (var field : fields) {
      if (!seen.add(field.name())) {
        throw new InvalidTypeException("duplicate struct field name " + field.name());
      }
    }
  }

  /** The position of the field with this name, or -1. */
  public int fieldIndex(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The field types, in order. */
  public List<Type> fieldTypes() {
    var types = new ArrayList<Type>(fields.size());
    for (var field : fields) {
      types.add(field.type());
    }
    return List.copyOf(types);
  }

  @Override
  public Kind kind() {
    return Kind.STRUCT;
  }

  @Override
  public String toString() {
    return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "struct{", "}"));
  }
}
