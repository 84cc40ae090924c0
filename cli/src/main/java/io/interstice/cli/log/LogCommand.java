package io.interstice.cli.log;

import picocli.CommandLine.Command;

/** {@code interstice log}: offline tools for a node's binary log; no running node needed. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Inspect, verify, dump, measure and repair a binary log offline.",
    subcommands = {
      LogInspectCommand.class,
      LogVerifyCommand.class,
      LogDumpCommand.class,
      LogStatsCommand.class,
      LogRepairCommand.class
    })
public final class LogCommand {}
