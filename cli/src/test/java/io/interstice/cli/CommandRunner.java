package io.interstice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it printed. */
final class CommandRunner {
  /** Exit code and the two output streams of one run. */
  record Result(int exitCode, String out, String err) {}

  private CommandRunner() {}

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
