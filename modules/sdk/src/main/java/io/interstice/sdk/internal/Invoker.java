package io.interstice.sdk.internal;

import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Calls one module method with a context and argument values: the method handle is bound (to the
 * module instance, for instance methods) and shaped to {@code (Object, Object[]) -> Object} once,
 * and each argument has its {@link Converter}. Immutable and thread-safe (module code aside).
 */
final class Invoker {
  private final String location;
  private final List<String> paramNames;
  private final List<Type> paramTypes;
  private final Converter[] converters;
  private final MethodHandle handle;

  Invoker(
      String location,
      List<String> paramNames,
      List<Type> paramTypes,
      Converter[] converters,
      MethodHandle method,
      Object instance) {
    this.location = location;
    this.paramNames = List.copyOf(paramNames);
    this.paramTypes = List.copyOf(paramTypes);
    this.converters = converters;
    var bound = instance == null ? method : method.bindTo(instance);
    this.handle =
        bound
            .asType(bound.type().generic())
            .asSpreader(Object[].class, converters.length)
            .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
  }

  String location() {
    return location;
  }

  /**
   * Checks and converts the argument values, calls the method and returns what it returned (in Java
   * form; {@code null} for void).
   */
  Object invoke(Object context, Object[] args) {
    if (args.length != converters.length) {
      throw new ValueTypeException(
          location, converters.length + " arguments " + paramTypes, args.length + " arguments");
    }
    var javaArgs = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      try {
        Values.check(paramTypes.get(i), args[i]);
      } catch (ValueTypeException e) {
        throw e.under(location + " argument " + (i + 1) + " (" + paramNames.get(i) + ")");
      }
      javaArgs[i] = converters[i].toJava(args[i]);
    }
    try {
      return (Object) handle.invokeExact(context, javaArgs);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new InvocationFailedException(location, e);
    }
  }
}
