package io.interstice.cli;

import io.interstice.cli.cluster.ClusterException;
import io.interstice.cli.schema.ModuleRefusedException;
import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClientException;
import io.interstice.journal.JournalException;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.module.check.ReplayCheckException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The one place that maps exceptions to messages and exit codes. Expected failures print one clear
 * line and no stack: the log's ({@link JournalException}), the runtime's ({@link
 * IntersticeException}, with the {@link io.interstice.runtime.ErrorKind kind} a caller would be
 * answered with), a node's answer to a client verb ({@link IntersticeClientException}: its kind and
 * message, or why no node answered), a local cluster that cannot start or stop ({@link
 * ClusterException}), module code a deploy would refuse ({@link ModuleRefusedException}) and bad
 * arguments. Anything else is a defect of the tool and prints its stack. Exit codes are in {@link
 * ExitCodes}.
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
    if (e instanceof IntersticeClientException client) {
      return answered(client, err);
    }
    if (e instanceof IntersticeException runtime) {
      err.println("error: " + runtime.kind() + ": " + e.getMessage());
    } else if (e instanceof JournalException
        || e instanceof ClusterException
        || e instanceof ModuleRefusedException
        || e instanceof ReplayCheckException
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.FAILED;
  }

  /**
   * A client verb's failure: the node's kind and message ({@code error: REDUCER_FAILED:
   * insufficient funds: ...}), or the client's one line when no node answered.
   */
  private static int answered(IntersticeClientException e, java.io.PrintWriter err) {
    var kind = e.kind();
    if (kind == ErrorKind.CONNECTION || kind == ErrorKind.TIMEOUT) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + e.kindName() + ": " + e.getMessage());
    }
    err.flush();
    return exitCode(kind);
  }

  static int exitCode(ErrorKind kind) {
    switch (kind) {
      case CONNECTION:
      case TIMEOUT:
      case UNAVAILABLE:
        return ExitCodes.UNREACHABLE;
      case MODULE_FAILED:
      case INTERNAL:
      case PROTOCOL:
      case UNKNOWN:
        return ExitCodes.FAILED;
      default:
        return ExitCodes.REFUSED;
    }
  }
}
