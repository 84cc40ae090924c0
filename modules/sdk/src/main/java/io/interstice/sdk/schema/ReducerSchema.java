package io.interstice.sdk.schema;

import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reducer: a deterministic, transactional function that may change the module's tables. Its
 * arguments travel as a value list of {@link #paramTypes()} (see {@link
 * io.interstice.sdk.codec.RowCodec#encodeValues}).
 */
public record ReducerSchema(
    String name, List<ParamSchema> params, Visibility visibility, Lifecycle lifecycle) {
  public ReducerSchema {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /** A public, ordinary (non-lifecycle) reducer. */
  public static ReducerSchema of(String name, ParamSchema... params) {
    return new ReducerSchema(name, List.of(params), Visibility.PUBLIC, Lifecycle.NONE);
  }

  public List<Type> paramTypes() {
    var types = new ArrayList<Type>(params.size());
    for (var param : params) {
      types.add(param.type());
    }
    return List.copyOf(types);
  }
}
