package io.interstice.sdk.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The value of a {@code struct} type: its field values in field order. The list is an unmodifiable
 * copy and may hold {@code null} for fields of an option type (none).
 */
public record StructValue(List<Object> fields) {
  public StructValue {
    Objects.requireNonNull(fields, "fields");
    fields = Collections.unmodifiableList(new ArrayList<>(fields));
  }

  public static StructValue of(Object... fields) {
    return new StructValue(Arrays.asList(fields));
  }

  public Object get(int index) {
    return fields.get(index);
  }

  public int size() {
    return fields.size();
  }
}
