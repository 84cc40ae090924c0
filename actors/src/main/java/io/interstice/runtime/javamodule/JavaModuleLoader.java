package io.interstice.runtime.javamodule;

import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoader;
import io.interstice.sdk.schema.ModuleSchema;

/**
 * Loads Java module classes by name from a class loader (the node's class path). Thread-safe: it
 * holds only the class loader.
 */
public final class JavaModuleLoader implements ModuleLoader {
  private final ClassLoader classLoader;

  public JavaModuleLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public Class<ModuleCode.JavaClass> codeType() {
    return ModuleCode.JavaClass.class;
  }

  @Override
  public LoadedModule load(ModuleCode code, ModuleLimits limits) {
    var javaClass = (ModuleCode.JavaClass) code;
    var loaded = JavaLoadedModule.load(javaClass, classLoader);
    limits.requireWithin(loaded.schema(), "module class " + javaClass.className());
    return loaded;
  }

  /** A class is introspected again: it carries its schema, and a changed one is caught after. */
  @Override
  public LoadedModule recovered(ModuleCode code, ModuleSchema schema) {
    return JavaLoadedModule.load((ModuleCode.JavaClass) code, classLoader);
  }
}
