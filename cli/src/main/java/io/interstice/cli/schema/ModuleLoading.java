package io.interstice.cli.schema;

import com.typesafe.config.Config;
import io.interstice.runtime.javamodule.JavaModuleLoader;
import io.interstice.runtime.module.DeployLoader;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoaders;
import io.interstice.runtime.wasm.WasmModuleLoader;
import io.interstice.runtime.wasm.WasmSettings;
import io.interstice.sdk.schema.ModuleSchema;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads module code as a node's deploy does — the same loaders, limits, time budget and refusals
 * ({@link DeployLoader}), configured from the same {@code interstice.*} settings (the defaults of
 * {@code reference.conf}, or an {@code application.conf} on the class path) — but in this process,
 * without a node. Java classes come from this tool's class path and the extra entries given.
 *
 * <p>Immutable; each load runs on the deploy loader's threads and is waited for.
 */
public final class ModuleLoading {
  private final ModuleLoaders loaders;
  private final ModuleLimits limits;

  private ModuleLoading(ModuleLoaders loaders, ModuleLimits limits) {
    this.loaders = loaders;
    this.limits = limits;
  }

  /**
   * Loading with the settings of {@code config} and Java classes from {@code classPath} (jars or
   * directories) before this tool's own class path.
   *
   * @throws IllegalArgumentException when an entry of the class path does not exist
   */
  public static ModuleLoading of(Config config, List<Path> classPath) {
    var urls = new ArrayList<URL>();
    for (var entry : classPath) {
      if (!Files.exists(entry)) {
        throw new IllegalArgumentException("no such class path entry: " + entry);
      }
      try {
        urls.add(entry.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("not a class path entry: " + entry, e);
      }
    }
    var parent = ModuleLoading.class.getClassLoader();
    ClassLoader classes =
        urls.isEmpty() ? parent : new ChildFirstClassLoader(urls.toArray(URL[]::new), parent);
    return new ModuleLoading(
        ModuleLoaders.of(
            new JavaModuleLoader(classes), new WasmModuleLoader(WasmSettings.fromConfig(config))),
        ModuleLimits.fromConfig(config));
  }

  /**
   * What a deploy of {@code spec} would load: the module, or the refusal a node would answer with.
   */
  public DeployLoader.Outcome load(ModuleSpec spec) {
    var code = spec.code();
    return DeployLoader.load(() -> loaders.load(code, limits), limits.deployTime()).join();
  }

  /**
   * The schema of {@code spec}'s module.
   *
   * @throws ModuleRefusedException with the refusal a deploy would answer with
   */
  public ModuleSchema schema(ModuleSpec spec) {
    return loaded(spec).schema();
  }

  /**
   * The loaded module of {@code spec}.
   *
   * @throws ModuleRefusedException with the refusal a deploy would answer with
   */
  public LoadedModule loaded(ModuleSpec spec) {
    var outcome = load(spec);
    if (outcome.module() == null) {
      throw new ModuleRefusedException(spec.describe() + ": " + outcome.error());
    }
    return outcome.module();
  }

  /**
   * Looks in its own entries first, so that a class given with {@code --class-path} wins over a
   * class of the same name on the tool's class path (an older build of the module, say).
   */
  private static final class ChildFirstClassLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        var loaded = findLoadedClass(name);
        if (loaded == null
            && !name.startsWith("java.")
            && !name.startsWith("javax.")
            && !name.startsWith("io.interstice.sdk.")) {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException notHere) {
            loaded = null;
          }
        }
        if (loaded == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
