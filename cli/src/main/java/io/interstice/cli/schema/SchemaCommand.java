package io.interstice.cli.schema;

import io.interstice.cli.ExitCodes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code interstice schema FILE.wasm | --java CLASS}: a module's whole schema, offline. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print a module's whole schema, offline, as a deploy would learn it.",
      "Tables (columns, primary key, indexes, persistence), reducers (parameters, visibility,",
      "lifecycle), queries and subscriptions, private parts included.",
      "Exit code 0: printed; 2: bad usage or no such file; 3: a deploy would refuse the code",
      "(the refusal is printed)."
    })
public final class SchemaCommand implements Callable<Integer> {
  @Mixin SchemaOptions options;

  @Parameters(
      arity = "0..1",
      paramLabel = "MODULE",
      description = "A WebAssembly file (bank.wasm) or java:CLASS.")
  String module;

  @Option(
      names = "--java",
      paramLabel = "CLASS",
      description = "A Java module class, on --class-path or the tool's class path.")
  String javaClass;

  @Override
  public Integer call() {
    if ((module == null) == (javaClass == null)) {
      throw new ParameterException(
          options.spec.commandLine(), "give either FILE.wasm (or java:CLASS) or --java CLASS");
    }
    var spec = javaClass != null ? ModuleSpec.java(javaClass) : options.module(module);
    var schema = options.loading(List.of()).schema(spec);
    var out = options.spec.commandLine().getOut();
    if (options.json) {
      out.println(SchemaJson.schema(schema));
    } else {
      SchemaText.print(schema, out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
