package io.interstice.cli;

import io.interstice.journal.JournalException;
import io.interstice.runtime.IntersticeException;
import picocli.CommandLine;

/**
 * The one place that maps exceptions to messages and exit codes. Expected failures print one clear
 * line and no stack: the log's ({@link JournalException}), the runtime's ({@link
 * IntersticeException}, with the {@link io.interstice.runtime.ErrorKind kind} a caller would be
 * answered with) and bad arguments. Anything else is a defect of the tool and prints its stack.
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  /** Bad usage (an unknown option, a missing or malformed value): one line, and where to look. */
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    var cmd = e.getCommandLine();
    var err = cmd.getErr();
    err.println(
        "error: "
            + e.getMessage()
            + " (see '"
            + cmd.getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    var err = cmd.getErr();
    if (e instanceof IntersticeException runtime) {
      err.println("error: " + runtime.kind() + ": " + e.getMessage());
    } else if (e instanceof JournalException || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.FAILED;
  }
}
