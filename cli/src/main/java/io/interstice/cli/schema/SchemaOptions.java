package io.interstice.cli.schema;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every schema tool shares: where Java module classes are, the nodes' configuration,
 * and JSON output.
 */
public final class SchemaOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = {"--class-path", "--cp"},
      paramLabel = "PATH",
      description =
          "Jars or class directories holding Java module classes, separated by the platform's"
              + " path separator (':' on Linux; repeatable); looked in before the tool's own"
              + " class path.")
  List<String> classPath = new ArrayList<>();

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The nodes' HOCON file (as given to `interstice node --config`), so that their limits"
              + " and WebAssembly settings apply; default: the embedded defaults.")
  Path configFile;

  /** The entries of {@code --class-path} plus {@code extra}, split at the path separator. */
  List<Path> classPath(List<String> extra) {
    var entries = new ArrayList<Path>();
    var all = new ArrayList<>(classPath);
    all.addAll(extra);
    for (var option : all) {
      for (var entry : option.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(Path.of(entry));
        }
      }
    }
    return entries;
  }

  /** Loading as a deploy loads, with {@code --class-path} and {@code extra} for Java classes. */
  ModuleLoading loading(List<String> extra) {
    try {
      return ModuleLoading.of(config(), classPath(extra));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Config config() {
    if (configFile == null) {
      return ConfigFactory.load();
    }
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("no configuration file " + configFile);
    }
    try {
      return ConfigFactory.parseFile(configFile.toFile())
          .withFallback(ConfigFactory.load())
          .resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("cannot read " + configFile + ": " + e.getMessage(), e);
    }
  }

  /** Parses a module argument; bad usage when it names nothing or a missing file. */
  ModuleSpec module(String text) {
    try {
      var module = ModuleSpec.parse(text);
      if (module.wasm() != null && !module.wasm().toFile().isFile()) {
        throw new IllegalArgumentException("no such file: " + text);
      }
      return module;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
