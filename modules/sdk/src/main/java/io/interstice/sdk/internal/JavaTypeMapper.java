package io.interstice.sdk.internal;

import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.InvalidTypeException;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.Type;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps Java types to value types with their {@link Converter}s, and records to {@link
 * RecordMapper}s (each record class once). Error locations start with a prefix, the module name, as
 * in {@code bank.Account.created}. Not thread-safe: one per introspection.
 */
final class JavaTypeMapper {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** A value type and how to convert Java values to and from it. */
  record Mapping(Type type, Converter converter) {}

  private final String prefix;
  private final Map<Class<?>, RecordMapper<?>> records = new HashMap<>();
  private final Set<Class<?>> inProgress = new LinkedHashSet<>();

  JavaTypeMapper(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The mapping of a field, parameter or result type; {@code what} ("field", "parameter", "result")
   * and {@code location} phrase the error.
   *
   * @throws ModuleDefinitionException for a type outside the supported set
   */
  Mapping map(java.lang.reflect.Type javaType, String what, String location) {
    if (javaType instanceof Class<?> javaClass) {
      return mapClass(javaClass, what, location);
    }
    if (javaType instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw) {
      var argument = parameterized.getActualTypeArguments()[0];
      if (raw == Optional.class) {
        var inner = map(argument, what, location);
        if (inner.type() instanceof OptionType) {
          throw unsupported(javaType, what, location, "Optional of Optional cannot be told apart");
        }
        return new Mapping(Type.option(inner.type()), new Converter.Option(inner.converter()));
      }
      if (raw == List.class) {
        var element = map(argument, what, location);
        var type = Type.list(element.type());
        return new Mapping(type, new Converter.ListOf(type, element.converter()));
      }
    }
    throw unsupported(javaType, what, location, null);
  }

  private Mapping mapClass(Class<?> javaClass, String what, String location) {
    if (javaClass == boolean.class || javaClass == Boolean.class) {
      return same(Type.bool());
    } else if (javaClass == int.class || javaClass == Integer.class) {
      return same(Type.i32());
    } else if (javaClass == long.class || javaClass == Long.class) {
      return same(Type.i64());
    } else if (javaClass == float.class || javaClass == Float.class) {
      return same(Type.f32());
    } else if (javaClass == double.class || javaClass == Double.class) {
      return same(Type.f64());
    } else if (javaClass == String.class) {
      return same(Type.string());
    } else if (javaClass == Bytes.class) {
      return same(Type.bytes());
    } else if (javaClass == byte[].class) {
      return new Mapping(Type.bytes(), new Converter.ByteArray());
    } else if (javaClass.isEnum()) {
      return mapEnum(javaClass, what, location);
    } else if (javaClass.isRecord()) {
      var mapper = recordMapper(javaClass.asSubclass(Record.class), location);
      return new Mapping(mapper.structType(), new Converter.Struct(mapper));
    } else if (javaClass == Optional.class || javaClass == List.class) {
      throw unsupported(javaClass, what, location, "give its type argument");
    }
    throw unsupported(javaClass, what, location, null);
  }

  private static Mapping same(Type type) {
    return new Mapping(type, new Converter.Same(type));
  }

  private Mapping mapEnum(Class<?> javaClass, String what, String location) {
    var constants = javaClass.getEnumConstants();
    var variants = new ArrayList<String>();
    for (var constant : constants) {
      variants.add(Names.snakeCase(((Enum<?>) constant).name()));
    }
    try {
      var type = new EnumType(variants);
      return new Mapping(type, new Converter.JavaEnum(type, constants));
    } catch (InvalidTypeException e) {
      throw unsupported(javaClass, what, location, e.getMessage());
    }
  }

  /** The mapper of a record class (built on first use), located at the record itself. */
  <T extends Record> RecordMapper<T> recordMapper(Class<T> recordClass) {
    return recordMapper(recordClass, locate(recordClass));
  }

  @SuppressWarnings("unchecked")
  private <T extends Record> RecordMapper<T> recordMapper(Class<T> recordClass, String usedAt) {
    var known = records.get(recordClass);
    if (known != null) {
      return (RecordMapper<T>) known;
    }
    var where = locate(recordClass);
    if (!inProgress.add(recordClass)) {
      throw new ModuleDefinitionException(
          "recursive record type " + where + " is not supported (used in " + usedAt + ")");
    }
    try {
      var mapper = buildRecordMapper(recordClass, where);
      records.put(recordClass, mapper);
      return mapper;
    } finally {
      inProgress.remove(recordClass);
    }
  }

  /** {@code bank.Account}, or {@code Account} without a prefix. */
  private String locate(Class<?> recordClass) {
    return prefix.isEmpty()
        ? recordClass.getSimpleName()
        : prefix + "." + recordClass.getSimpleName();
  }

  private <T extends Record> RecordMapper<T> buildRecordMapper(Class<T> recordClass, String where) {
    var components = recordClass.getRecordComponents();
    if (components.length == 0) {
      throw new ModuleDefinitionException(where + ": a record without components has no columns");
    }
    var names = new ArrayList<String>();
    var fields = new ArrayList<StructType.Field>();
    var getters = new MethodHandle[components.length];
    var converters = new Converter[components.length];
    for (int i = 0; i < components.length; i++) {
      var component = components[i];
      var name = Names.snakeCase(component.getName());
      var mapping = map(component.getGenericType(), "field", where + "." + component.getName());
      names.add(name);
      fields.add(Type.field(name, mapping.type()));
      getters[i] = getter(component, where);
      converters[i] = mapping.converter();
    }
    StructType structType;
    try {
      structType = new StructType(fields);
    } catch (InvalidTypeException e) {
      throw new ModuleDefinitionException(where + ": " + e.getMessage());
    }
    var constructor = canonicalConstructor(recordClass, components, where);
    return new RecordMapper<>(
        recordClass, where, names, structType, getters, converters, constructor);
  }

  private static MethodHandle getter(RecordComponent component, String where) {
    var accessor = accessible(component.getAccessor(), where);
    try {
      return LOOKUP.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
    } catch (IllegalAccessException e) {
      throw cannotAccess(where, e);
    }
  }

  private static MethodHandle canonicalConstructor(
      Class<?> recordClass, RecordComponent[] components, String where) {
    var types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      Constructor<?> constructor = accessible(recordClass.getDeclaredConstructor(types), where);
      // fixed arity: a varargs canonical constructor (byte... data) must not collect arguments
      var handle = LOOKUP.unreflectConstructor(constructor).asFixedArity();
      return handle
          .asType(handle.type().generic())
          .asSpreader(Object[].class, components.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw cannotAccess(where, e);
    }
  }

  /** Makes a member of module code callable through a method handle. */
  static <M extends AccessibleObject> M accessible(M member, String where) {
    try {
      member.setAccessible(true);
      return member;
    } catch (InaccessibleObjectException | SecurityException e) {
      throw cannotAccess(where, e);
    }
  }

  static MethodHandle unreflect(Method method, String where) {
    try {
      return LOOKUP.unreflect(accessible(method, where)).asFixedArity();
    } catch (IllegalAccessException e) {
      throw cannotAccess(where, e);
    }
  }

  private static ModuleDefinitionException cannotAccess(String where, Exception e) {
    return new ModuleDefinitionException(
        where + ": cannot access it (open its package to the Interstice SDK): " + e.getMessage(),
        e);
  }

  private static ModuleDefinitionException unsupported(
      java.lang.reflect.Type javaType, String what, String location, String hint) {
    return new ModuleDefinitionException(
        "unsupported "
            + what
            + " type "
            + javaType.getTypeName()
            + " in "
            + location
            + (hint == null ? "" : " (" + hint + ")")
            + "; supported: boolean, int, long, float, double (or their boxes), String, byte[],"
            + " Optional<T>, List<T>, records and enums");
  }
}
