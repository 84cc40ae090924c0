package io.interstice.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads command-line arguments as JSON values: {@code 30}, {@code '"ann"'}, {@code null}. */
final class JsonArguments {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonArguments() {}

  /** Each argument parsed; bad usage, naming the argument, for one that is not JSON. */
  static Object[] parse(CommandSpec spec, List<String> args) {
    var values = new Object[args.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = parse(spec, i + 1, args.get(i));
    }
    return values;
  }

  private static JsonNode parse(CommandSpec spec, int position, String arg) {
    try {
      var value = STRICT.readTree(arg);
      if (value != null && !value.isMissingNode()) {
        return value;
      }
    } catch (JsonProcessingException e) {
      // Said below, with the usual mistake.
    }
    throw new ParameterException(
        spec.commandLine(),
        "argument "
            + position
            + " is not a JSON value: "
            + arg
            + " (a string is quoted: '\""
            + arg.replace("'", "")
            + "\"')");
  }
}
