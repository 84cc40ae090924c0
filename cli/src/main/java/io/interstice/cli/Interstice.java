package io.interstice.cli;

import io.interstice.cli.demo.DemoCommand;
import io.interstice.cli.log.LogCommand;
import io.interstice.cli.node.NodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code interstice} command: the whole command tree is visible here. */
@Command(
    name = "interstice",
    mixinStandardHelpOptions = true,
    versionProvider = Interstice.Version.class,
    description = "Interstice for the JVM: modules as Pekko persistent actors over a binary log.",
    subcommands = {
      NodeCommand.class,
      DemoCommand.class,
      LogCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Interstice {
  public static void main(String[] args) {
    // Initialise logging before any thread logs, so SLF4J never replays intercepted calls.
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    var handler = new ErrorHandler();
    return new CommandLine(new Interstice())
        .setExecutionExceptionHandler(handler)
        .setParameterExceptionHandler(handler);
  }

  /** Prints the version from the jar manifest (or "development" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = Interstice.class.getPackage().getImplementationVersion();
      return new String[] {"interstice " + (v == null ? "development" : v)};
    }
  }
}
