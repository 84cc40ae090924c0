package io.interstice.runtime.module.code;

import io.interstice.sdk.schema.ModuleSchema;
import java.util.List;

/**
 * The loaders a node registered, one per kind of code; picks the one for a given code. Immutable
 * and thread-safe.
 */
public final class ModuleLoaders {
  private final List<ModuleLoader> loaders;

  private ModuleLoaders(List<ModuleLoader> loaders) {
    this.loaders = List.copyOf(loaders);
  }

  /** The given loaders; at most one per kind of code. */
  public static ModuleLoaders of(ModuleLoader... loaders) {
    for (int i = 0; i < loaders.length; i++) {
      for (int j = 0; j < i; j++) {
        if (loaders[i].codeType().equals(loaders[j].codeType())) {
          throw new IllegalArgumentException(
              "two loaders for " + loaders[i].codeType().getSimpleName() + " code");
        }
      }
    }
    return new ModuleLoaders(List.of(loaders));
  }

  /** Loads code for a deploy through the loader of its kind; see {@link ModuleLoader#load}. */
  public LoadedModule load(ModuleCode code, ModuleLimits limits) {
    return loaderOf(code).load(code, limits);
  }

  /** Loads a recovered module's code; see {@link ModuleLoader#recovered}. */
  public LoadedModule recovered(ModuleCode code, ModuleSchema schema) {
    return loaderOf(code).recovered(code, schema);
  }

  /** The registered loader of {@code type}, or null. */
  public <L extends ModuleLoader> L find(Class<L> type) {
    for (var loader : loaders) {
      if (type.isInstance(loader)) {
        return type.cast(loader);
      }
    }
    return null;
  }

  private ModuleLoader loaderOf(ModuleCode code) {
    for (var loader : loaders) {
      if (loader.codeType().isInstance(code)) {
        return loader;
      }
    }
    throw new ModuleLoadException(
        code.describe() + " cannot be loaded: this node has no loader for its kind of code");
  }
}
