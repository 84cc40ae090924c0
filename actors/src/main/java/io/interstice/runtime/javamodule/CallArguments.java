package io.interstice.runtime.javamodule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.internal.RecordMapper;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.ParamSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the argument record of a {@link ReducerRef} call into the JSON array of arguments that
 * travels in the outbox. The record's mapper is built once per record class. The target checks the
 * arguments against its own reducer's parameters when the call is delivered. Thread-safe.
 */
final class CallArguments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Mapping(RecordMapper<?> mapper, List<ParamSchema> params) {}

  private static final ClassValue<Mapping> MAPPINGS =
      new ClassValue<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected Mapping computeValue(Class<?> type) {
          RecordMapper<?> mapper = RecordMapper.of((Class) type);
          var params = new ArrayList<ParamSchema>();
          for (int i = 0; i < mapper.fieldNames().size(); i++) {
            params.add(ParamSchema.of(mapper.fieldNames().get(i), mapper.fieldTypes().get(i)));
          }
          return new Mapping(mapper, List.copyOf(params));
        }
      };

  private CallArguments() {}

  @SuppressWarnings("unchecked")
  static <A> byte[] toJson(ReducerRef<A> reducer, A args) {
    if (reducer.argsType() == Void.class) {
      return "[]".getBytes(StandardCharsets.UTF_8);
    }
    if (args == null) {
      throw new ModuleDefinitionException("ctx.call(" + reducer + "): arguments must not be null");
    }
    var mapping = MAPPINGS.get(reducer.argsType());
    var values = ((RecordMapper<Record>) mapping.mapper()).toRow((Record) args);
    return json(mapping.params(), values);
  }

  /** The JSON array of {@code values}, valid values of {@code params}. */
  static byte[] json(List<ParamSchema> params, Object[] values) {
    try {
      return JSON.writeValueAsBytes(ValueJson.writeArgs(params, values));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write arguments as JSON", e);
    }
  }
}
