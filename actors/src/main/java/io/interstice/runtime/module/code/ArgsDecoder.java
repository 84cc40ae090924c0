package io.interstice.runtime.module.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.sdk.json.ValueJson;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.util.List;

/**
 * Turns {@link Args} into checked values of a reducer's or query's parameters. Every mistake
 * becomes an {@link ArgsException} whose message names the call, the parameter and what was
 * expected and found. Stateless and thread-safe.
 */
public final class ArgsDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgsDecoder() {}

  /** Thrown for arguments that do not fit the parameters. */
  public static final class ArgsException extends IntersticeException {
    private static final long serialVersionUID = 1L;

    ArgsException(String message) {
      super(ErrorKind.BAD_ARGUMENTS, message);
    }
  }

  /**
   * @param what the call, as {@code bank.transfer}, for messages
   */
  public static Object[] decode(String what, List<ParamSchema> params, Args args) {
    if (args instanceof Args.Values values) {
      return fromValues(what, params, values.values());
    }
    return fromJson(what, params, ((Args.Json) args).json());
  }

  private static Object[] fromValues(String what, List<ParamSchema> params, List<Object> values) {
    checkCount(what, params, values.size());
    var decoded = values.toArray();
    for (int i = 0; i < decoded.length; i++) {
      var param = params.get(i);
      try {
        Values.check(param.type(), decoded[i]);
      } catch (ValueTypeException e) {
        throw new ArgsException(what + ": argument " + param.name() + ": " + e.getMessage());
      }
    }
    return decoded;
  }

  private static Object[] fromJson(String what, List<ParamSchema> params, String json) {
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ArgsException(what + ": arguments are not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isArray()) {
      throw new ArgsException(
          what
              + ": arguments must be a JSON array with one element per parameter "
              + signature(params));
    }
    checkCount(what, params, node.size());
    try {
      return ValueJson.readArgs(params, node);
    } catch (ValueTypeException e) {
      throw new ArgsException(what + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ArgsException(what + ": " + e.getMessage());
    }
  }

  private static void checkCount(String what, List<ParamSchema> params, int found) {
    if (found != params.size()) {
      throw new ArgsException(
          what
              + " takes "
              + params.size()
              + (params.size() == 1 ? " argument " : " arguments ")
              + signature(params)
              + ", found "
              + found);
    }
  }

  /**
   * One value of {@code type} from its JSON text (a primary key a page of rows starts after, say).
   *
   * @param what the value, as {@code bank.accounts: after}, for messages
   */
  public static Object decodeValue(String what, Type type, String json) {
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ArgsException(what + ": not valid JSON: " + e.getOriginalMessage());
    }
    try {
      return ValueJson.fromJson(type, node, what);
    } catch (ValueTypeException e) {
      throw new ArgsException(e.getMessage());
    }
  }

  public static String signature(List<ParamSchema> params) {
    var text = new StringBuilder("(");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(params.get(i).name()).append(": ").append(params.get(i).type());
    }
    return text.append(')').toString();
  }
}
