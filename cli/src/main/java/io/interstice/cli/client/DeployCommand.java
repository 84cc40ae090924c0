package io.interstice.cli.client;

import io.interstice.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code interstice deploy FILE.wasm | --java CLASS}: deploys or upgrades a module. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploy a module to the node, or upgrade the module of the same name: a WebAssembly file,"
          + " or with --java a class on the node's class path. Prints what the node deployed."
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

  @Override
  public Integer call() {
    if ((wasm == null) == (javaClass == null)) {
      throw new ParameterException(
          node.spec.commandLine(), "deploy either FILE.wasm or --java CLASS");
    }
    if (wasm != null && !Files.isRegularFile(wasm)) {
      throw new ParameterException(node.spec.commandLine(), "no such file: " + wasm);
    }
    try (var client = node.connect()) {
      var module = wasm != null ? client.deploy(wasm) : client.deployJava(javaClass);
      node.out()
          .println(node.json ? NodeOptions.json(module) : "deployed " + ModuleText.summary(module));
    }
    return ExitCodes.OK;
  }
}
