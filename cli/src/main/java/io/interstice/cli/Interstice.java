package io.interstice.cli;

import io.interstice.cli.bench.BenchCommand;
import io.interstice.cli.client.CallCommand;
import io.interstice.cli.client.DeployCommand;
import io.interstice.cli.client.DescribeCommand;
import io.interstice.cli.client.ModulesCommand;
import io.interstice.cli.client.QueryCommand;
import io.interstice.cli.client.RowsCommand;
import io.interstice.cli.client.SubscribeCommand;
import io.interstice.cli.client.TraceCommand;
import io.interstice.cli.cluster.ClusterCommand;
import io.interstice.cli.demo.DemoCommand;
import io.interstice.cli.log.LogCommand;
import io.interstice.cli.node.NodeCommand;
import io.interstice.cli.replay.ReplayCheckCommand;
import io.interstice.cli.schema.SchemaCommand;
import io.interstice.cli.schema.SchemaDiffCommand;
import io.interstice.cli.schema.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code interstice} command: the whole command tree is visible here. */
@Command(
    name = "interstice",
    mixinStandardHelpOptions = true,
    versionProvider = Interstice.Version.class,
    description = "Interstice for the JVM: modules as Pekko persistent actors over a binary log.",
    exitCodeListHeading = "%nExit codes (every command):%n",
    exitCodeList = {
      "0:success",
      "1:the node refused the request (a reducer's refusal, no such module...), or a check"
          + " found problems",
      "2:bad usage",
      "3:the command failed (unreadable or corrupt files, a module's code failed, ...)",
      "4:no node answered (nothing at --url, connection lost, timed out, node stopping)",
      "5:replay-check only: the log is damaged"
    },
    subcommands = {
      NodeCommand.class,
      ClusterCommand.class,
      // Talk to a running node (io.interstice.client).
      DeployCommand.class,
      ModulesCommand.class,
      DescribeCommand.class,
      CallCommand.class,
      QueryCommand.class,
      RowsCommand.class,
      SubscribeCommand.class,
      TraceCommand.class,
      DemoCommand.class,
      LogCommand.class,
      // Check module code offline, as a deploy or upgrade would.
      SchemaCommand.class,
      ValidateCommand.class,
      SchemaDiffCommand.class,
      BenchCommand.class,
      ReplayCheckCommand.class,
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
