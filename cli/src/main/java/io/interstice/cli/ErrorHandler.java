package io.interstice.cli;

import io.interstice.journal.JournalException;
import picocli.CommandLine;

/**
 * The one place that maps exceptions to messages and exit codes: expected failures (our own
 * exceptions, bad arguments) print one clear line; anything else prints its stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    var err = cmd.getErr();
    if (e instanceof JournalException || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.FAILED;
  }
}
