package io.interstice.tests;

import io.interstice.cli.Interstice;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code interstice} command line in this JVM, as a user types it: its exit code and
 * what it printed on each stream.
 */
public record CliRun(int exitCode, String out, String err) {
  /** Runs {@code interstice <args>}. */
  public static CliRun of(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cmd = Interstice.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
