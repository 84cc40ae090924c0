package io.interstice.sdk.internal;

import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Converts between a record and a row ({@code Object[]} of values in component order), or a {@link
 * io.interstice.sdk.value.StructValue} for nested records. Built once per record class: the
 * accessors and the canonical constructor are resolved to method handles up front and each
 * component gets a {@link Converter}, so a conversion does no reflection. Immutable and
 * thread-safe.
 *
 * @param <T> the record type
 */
public final class RecordMapper<T extends Record> {
  private final Class<T> type;
  private final String label;
  private final List<String> names;
  private final StructType structType;
  private final MethodHandle[] getters;
  private final Converter[] converters;
  private final MethodHandle constructor;

  RecordMapper(
      Class<T> type,
      String label,
      List<String> names,
      StructType structType,
      MethodHandle[] getters,
      Converter[] converters,
      MethodHandle constructor) {
    this.type = type;
    this.label = label;
    this.names = List.copyOf(names);
    this.structType = structType;
    this.getters = getters;
    this.converters = converters;
    this.constructor = constructor;
  }

  /**
   * A standalone mapper for {@code type}; errors are located as {@code <SimpleName>.<component>}.
   *
   * @throws io.interstice.sdk.ModuleDefinitionException when a component type cannot be mapped
   */
  public static <T extends Record> RecordMapper<T> of(Class<T> type) {
    return new JavaTypeMapper("").recordMapper(type).withLabel(type.getSimpleName());
  }

  /** The same mapper, prefixing value paths in its errors with {@code newLabel} (a table name). */
  RecordMapper<T> withLabel(String newLabel) {
    return new RecordMapper<>(type, newLabel, names, structType, getters, converters, constructor);
  }

  public Class<T> type() {
    return type;
  }

  /** Schema names of the components (snake_case), in order. */
  public List<String> fieldNames() {
    return names;
  }

  /** Value types of the components, in order. */
  public List<Type> fieldTypes() {
    return structType.fieldTypes();
  }

  /** The record as a struct type: the components' names and types. */
  public StructType structType() {
    return structType;
  }

  /**
   * The row of a record: one value per component, in order.
   *
   * @throws ValueTypeException when a component holds {@code null} (or a list holds a {@code null}
   *     element) where its type is not an option; the path names the column, as in {@code
   *     accounts.owner: expected string, found null}
   */
  public Object[] toRow(T record) {
    if (record == null) {
      throw new ValueTypeException(label, "a " + type.getSimpleName() + " record", "null");
    }
    try {
      return valuesOf(record);
    } catch (ValueTypeException e) {
      throw e.under(label);
    }
  }

  /**
   * The record of a row, which must be valid for {@link #fieldTypes()} (as rows from the table
   * store and the codecs are).
   *
   * @throws ValueTypeException when the row has the wrong number of values
   */
  public T fromRow(Object[] row) {
    if (row.length != getters.length) {
      throw new ValueTypeException(
          label, getters.length + " values (" + structType + ")", row.length + " values");
    }
    return fromValues(row);
  }

  /**
   * The value of a Java value of component {@code component}: how a key or index value given to a
   * table handle ({@code accounts.get(42L)}, {@code findAll("shape", Shape.CIRCLE)}) becomes a
   * value to look up.
   *
   * @throws ValueTypeException when {@code javaValue} is {@code null} for a non-option component
   * @throws ClassCastException when {@code javaValue} is not of the component's Java type
   */
  public Object toValue(int component, Object javaValue) {
    try {
      return converters[component].toValue(javaValue);
    } catch (ValueTypeException e) {
      throw e.under(label + "." + names.get(component));
    }
  }

  /** Values of the components of {@code record}; paths in errors are relative. */
  Object[] valuesOf(Object record) {
    var values = new Object[getters.length];
    for (int i = 0; i < values.length; i++) {
      Object javaValue;
      try {
        javaValue = (Object) getters[i].invokeExact(record);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new InvocationFailedException(type.getName() + "." + names.get(i) + "()", e);
      }
      try {
        values[i] = converters[i].toValue(javaValue);
      } catch (ValueTypeException e) {
        throw e.under(names.get(i));
      }
    }
    return values;
  }

  /** The record made from component values. */
  T fromValues(Object[] values) {
    var javaValues = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      javaValues[i] = converters[i].toJava(values[i]);
    }
    try {
      return type.cast((Object) constructor.invokeExact(javaValues));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new InvocationFailedException("new " + type.getName(), e);
    }
  }

  @Override
  public String toString() {
    return "RecordMapper[" + type.getName() + " ↔ " + structType + "]";
  }
}
