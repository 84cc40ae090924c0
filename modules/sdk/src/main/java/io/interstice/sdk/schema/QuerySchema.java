package io.interstice.sdk.schema;

import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A read-only query over committed state: its parameters and the type of its result. */
public record QuerySchema(String name, List<ParamSchema> params, Type resultType) {
  public QuerySchema {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(resultType, "resultType");
  }

  public static QuerySchema of(String name, Type resultType, ParamSchema... params) {
    return new QuerySchema(name, List.of(params), resultType);
  }

  public List<Type> paramTypes() {
    var types = new ArrayList<Type>(params.size());
    for (var param : params) {
      types.add(param.type());
    }
    return List.copyOf(types);
  }
}
