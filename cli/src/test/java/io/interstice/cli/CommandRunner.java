package io.interstice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it printed. */
final class CommandRunner {
  /** Exit code and the two output streams of one run. */
  record Result(int exitCode, String out, String err) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CommandRunner() {}

  /** One JSON document of a command's output, parsed. */
  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cmd = Interstice.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
