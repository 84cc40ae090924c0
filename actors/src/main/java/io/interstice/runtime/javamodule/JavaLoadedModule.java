package io.interstice.runtime.javamodule;

import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLoadException;
import io.interstice.runtime.module.code.TxEnvironment;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.internal.JavaModuleDefinition;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;

/**
 * A trusted Java module running in-process: the introspected class (schema, record mappers and
 * method handles, all built once at load) and the contexts its reducers and queries see. Stateless
 * beyond the definition; used by one module actor.
 */
public final class JavaLoadedModule implements LoadedModule {
  private final ModuleCode.JavaClass code;
  private final JavaModuleDefinition definition;

  private JavaLoadedModule(ModuleCode.JavaClass code, JavaModuleDefinition definition) {
    this.code = code;
    this.definition = definition;
  }

  /**
   * Loads and introspects the module class named by {@code code}.
   *
   * @throws ModuleLoadException when the class is missing or is not a valid module; the message
   *     says what is wrong and where
   */
  public static JavaLoadedModule load(ModuleCode.JavaClass code, ClassLoader classLoader) {
    Class<?> moduleClass;
    try {
      moduleClass = Class.forName(code.className(), true, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ModuleLoadException(
          "module class " + code.className() + " cannot be loaded: " + e, e);
    }
    try {
      return new JavaLoadedModule(code, JavaModuleIntrospector.introspect(moduleClass));
    } catch (ModuleDefinitionException e) {
      throw new ModuleLoadException(e.getMessage(), e);
    }
  }

  @Override
  public ModuleCode code() {
    return code;
  }

  @Override
  public ModuleSchema schema() {
    return definition.schema();
  }

  @Override
  public void runReducer(ReducerSchema reducer, Object[] args, TxEnvironment environment) {
    var javaReducer =
        definition
            .reducer(reducer.name())
            .orElseThrow(() -> new IllegalStateException("no reducer " + reducer.name()));
    javaReducer.invoke(new JavaReducerContext(definition, environment), args);
  }

  @Override
  public Object runQuery(QuerySchema query, Object[] args, ModuleTables tables, String caller) {
    var javaQuery =
        definition
            .query(query.name())
            .orElseThrow(() -> new IllegalStateException("no query " + query.name()));
    return javaQuery.invoke(new JavaQueryContext(definition, tables, caller), args);
  }
}
