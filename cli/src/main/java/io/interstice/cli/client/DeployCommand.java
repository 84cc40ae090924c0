package io.interstice.cli.client;

import com.typesafe.config.ConfigFactory;
import io.interstice.cli.ExitCodes;
import io.interstice.cli.schema.ModuleLoading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code interstice deploy FILE.wasm | --java CLASS}: deploys or upgrades a module; with {@code
 * --watch}, upgrades it again whenever the file changes ({@link DeployWatcher}).
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploy a module to the node, or upgrade the module of the same name: a WebAssembly file,"
          + " or with --java a class on the node's class path. Prints what the node deployed.",
      "With --watch, keep going: upgrade the module each time FILE.wasm changes, printing the"
          + " compatibility report of the change and the node's answer; a refused upgrade or an"
          + " unreachable node is printed and the watch goes on, until Ctrl-C."
    })
public final class DeployCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE.wasm",
      description = "A WebAssembly module (such as modules/examples/bank-wasm/bank.wasm).")
  Path wasm;

  @Option(
      names = "--java",
      paramLabel = "CLASS",
      description = "A Java module on the node's class path (io.interstice.examples.bank.Bank).")
  String javaClass;

  @Option(
      names = "--watch",
      description = "Upgrade again whenever FILE.wasm changes, until Ctrl-C.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "MILLIS",
      defaultValue = "500",
      description =
          "With --watch: how often to look at the file; a change is sent once the file has not"
              + " changed for this long (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  @Override
  public Integer call() {
    if ((wasm == null) == (javaClass == null)) {
      throw new ParameterException(
          node.spec.commandLine(), "deploy either FILE.wasm or --java CLASS");
    }
    if (wasm != null && !Files.isRegularFile(wasm)) {
      throw new ParameterException(node.spec.commandLine(), "no such file: " + wasm);
    }
    if (watch) {
      if (wasm == null) {
        throw new ParameterException(node.spec.commandLine(), "--watch needs FILE.wasm");
      }
      if (intervalMillis < 10) {
        throw new ParameterException(node.spec.commandLine(), "--interval: at least 10 ms");
      }
      var loading = ModuleLoading.of(ConfigFactory.load(), List.of());
      try (var client = node.connect()) {
        new DeployWatcher(
                client, wasm, Duration.ofMillis(intervalMillis), loading, node.out(), node.json)
            .run();
      }
      return ExitCodes.OK;
    }
    try (var client = node.connect()) {
      var module = wasm != null ? client.deploy(wasm) : client.deployJava(javaClass);
      node.out()
          .println(node.json ? NodeOptions.json(module) : "deployed " + ModuleText.summary(module));
    }
    return ExitCodes.OK;
  }
}
