package io.interstice.sdk.internal;

import io.interstice.sdk.Init;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Upgrade;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Type;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the annotated methods of a module class into reducers, queries and subscriptions. Methods
 * are read in name-then-signature order so the schema does not depend on reflection order. Not
 * thread-safe: one per introspection.
 */
final class MethodIntrospector {
  private final String module;
  private final Class<?> moduleClass;
  private final JavaTypeMapper types;
  private final List<JavaReducer> reducers = new ArrayList<>();
  private final List<JavaQuery> queries = new ArrayList<>();
  private final List<SubscriptionSchema> subscriptions = new ArrayList<>();
  private final Map<String, String> reducerLocations = new HashMap<>();
  private final Map<String, String> queryLocations = new HashMap<>();
  private Object instance;

  /** The parameters of one method after the context, mapped. */
  private record Params(List<ParamSchema> schemas, Converter[] converters) {}

  MethodIntrospector(String module, Class<?> moduleClass, JavaTypeMapper types) {
    this.module = module;
    this.moduleClass = moduleClass;
    this.types = types;
  }

  List<JavaReducer> reducers() {
    return reducers;
  }

  List<JavaQuery> queries() {
    return queries;
  }

  List<SubscriptionSchema> subscriptions() {
    return subscriptions;
  }

  void introspect() {
    var methods = new ArrayList<Method>();
    for (var method : moduleClass.getDeclaredMethods()) {
      if (!method.isSynthetic() && !method.isBridge()) {
        methods.add(method);
      }
    }
    methods.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
    for (var method : methods) {
      boolean reducer =
          method.isAnnotationPresent(Reducer.class)
              || method.isAnnotationPresent(Init.class)
              || method.isAnnotationPresent(Upgrade.class)
              || method.isAnnotationPresent(Subscribe.class);
      boolean query = method.isAnnotationPresent(Query.class);
      if (reducer && query) {
        throw new ModuleDefinitionException(
            location(method) + ": a method cannot be both a @Query and a reducer");
      }
      if (reducer) {
        addReducer(method);
      } else if (query) {
        addQuery(method);
      }
    }
  }

  private void addReducer(Method method) {
    var where = location(method);
    var annotation = method.getAnnotation(Reducer.class);
    var lifecycle = lifecycleOf(method, where);
    requireContext(method, ReducerContext.class, where);
    if (method.getReturnType() != void.class) {
      throw new ModuleDefinitionException(
          where
              + ": a reducer must return void, found "
              + method.getGenericReturnType().getTypeName());
    }
    var subscribe = method.getAnnotation(Subscribe.class);
    if (subscribe != null) {
      var problem = SubscriptionSchema.malformation(subscribe.value());
      if (problem.isPresent()) {
        throw new ModuleDefinitionException(
            where
                + ": @Subscribe pattern '"
                + subscribe.value()
                + "' is malformed: "
                + problem.get());
      }
    }
    var name = nameOf(annotation == null ? "" : annotation.name(), method);
    var visibility = annotation == null ? Visibility.PRIVATE : annotation.visibility();
    claim(reducerLocations, "reducer", name, where);
    var params = params(method, where);
    var schema = new ReducerSchema(name, params.schemas(), visibility, lifecycle);
    reducers.add(new JavaReducer(schema, invoker(method, where, params)));
    if (subscribe != null) {
      subscriptions.add(SubscriptionSchema.parse(subscribe.value(), name));
    }
  }

  private Lifecycle lifecycleOf(Method method, String where) {
    boolean init = method.isAnnotationPresent(Init.class);
    boolean upgrade = method.isAnnotationPresent(Upgrade.class);
    if (init && upgrade) {
      throw new ModuleDefinitionException(where + ": a reducer cannot be both @Init and @Upgrade");
    }
    if ((init || upgrade) && method.isAnnotationPresent(Subscribe.class)) {
      throw new ModuleDefinitionException(
          where + ": a lifecycle reducer (@Init, @Upgrade) cannot @Subscribe");
    }
    return init ? Lifecycle.INIT : upgrade ? Lifecycle.UPGRADE : Lifecycle.NONE;
  }

  private void addQuery(Method method) {
    var where = location(method);
    requireContext(method, QueryContext.class, where);
    if (method.getReturnType() == void.class) {
      throw new ModuleDefinitionException(where + ": a query must return its result, found void");
    }
    var name = nameOf(method.getAnnotation(Query.class).name(), method);
    claim(queryLocations, "query", name, where);
    var params = params(method, where);
    var result = types.map(method.getGenericReturnType(), "result", where);
    var schema = new QuerySchema(name, params.schemas(), result.type());
    queries.add(new JavaQuery(schema, invoker(method, where, params), result.converter()));
  }

  private static void requireContext(Method method, Class<?> context, String where) {
    var parameters = method.getParameterTypes();
    if (parameters.length == 0 || parameters[0] != context) {
      throw new ModuleDefinitionException(
          where + ": first parameter must be " + context.getSimpleName());
    }
  }

  private void claim(Map<String, String> taken, String what, String name, String where) {
    var previous = taken.putIfAbsent(name, where);
    if (previous != null) {
      throw new ModuleDefinitionException(
          module
              + ": duplicate "
              + what
              + " name "
              + name
              + " ("
              + previous
              + " and "
              + where
              + ")");
    }
  }

  private Params params(Method method, String where) {
    var parameters = method.getParameters();
    var schemas = new ArrayList<ParamSchema>();
    var converters = new Converter[parameters.length - 1];
    for (int i = 1; i < parameters.length; i++) {
      var parameter = parameters[i];
      var mapping =
          types.map(
              parameter.getParameterizedType(),
              "parameter",
              where + ", parameter " + parameter.getName());
      schemas.add(new ParamSchema(Names.snakeCase(parameter.getName()), mapping.type()));
      converters[i - 1] = mapping.converter();
    }
    return new Params(schemas, converters);
  }

  private Invoker invoker(Method method, String where, Params params) {
    var handle = JavaTypeMapper.unreflect(method, where);
    var names = params.schemas().stream().map(ParamSchema::name).toList();
    List<Type> paramTypes = params.schemas().stream().map(ParamSchema::type).toList();
    var target = Modifier.isStatic(method.getModifiers()) ? null : instance(where);
    return new Invoker(where, names, paramTypes, params.converters(), handle, target);
  }

  /** The one instance of the module class that instance methods are bound to. */
  private Object instance(String where) {
    if (instance == null) {
      if (Modifier.isAbstract(moduleClass.getModifiers())) {
        throw new ModuleDefinitionException(
            where + ": an instance method needs a concrete module class; make it static");
      }
      try {
        var constructor = JavaTypeMapper.accessible(moduleClass.getDeclaredConstructor(), where);
        instance = constructor.newInstance();
      } catch (NoSuchMethodException e) {
        throw new ModuleDefinitionException(
            where
                + ": an instance method needs a no-argument constructor of "
                + moduleClass.getName()
                + "; add one or make the method static");
      } catch (ReflectiveOperationException e) {
        throw new ModuleDefinitionException(
            where + ": cannot create " + moduleClass.getName() + ": " + rootOf(e), e);
      }
    }
    return instance;
  }

  private static Throwable rootOf(ReflectiveOperationException e) {
    return e.getCause() == null ? e : e.getCause();
  }

  private static String nameOf(String explicit, Method method) {
    return explicit.isEmpty() ? Names.snakeCase(method.getName()) : explicit;
  }

  private String location(Method method) {
    return Names.method(module, method);
  }
}
