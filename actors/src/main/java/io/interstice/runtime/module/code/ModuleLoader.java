package io.interstice.runtime.module.code;

import io.interstice.sdk.schema.ModuleSchema;

/**
 * Loads one kind of module code — Java classes, WebAssembly binaries — into a {@link LoadedModule}.
 * The node registers one loader per kind ({@link ModuleLoaders}); the module actor picks the one
 * for the code it is given and never needs to know the kinds there are. Implementations are
 * thread-safe: deploys load on the deploy loader's threads.
 */
public interface ModuleLoader {
  /** The kind of code this loader loads. */
  Class<? extends ModuleCode> codeType();

  /**
   * Loads code for a deploy: checks it, learns the schema it describes, and refuses a schema larger
   * than {@code limits} allow.
   *
   * @throws ModuleLoadException saying why the code cannot be deployed
   */
  LoadedModule load(ModuleCode code, ModuleLimits limits);

  /**
   * Loads the logged code of a recovered module whose deploy recorded {@code schema}; the code may
   * trust that schema rather than run anything to learn it again.
   *
   * @throws ModuleLoadException when this node can no longer load the code
   */
  LoadedModule recovered(ModuleCode code, ModuleSchema schema);
}
