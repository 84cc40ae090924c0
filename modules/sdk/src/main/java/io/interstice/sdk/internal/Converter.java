package io.interstice.sdk.internal;

import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.EnumValue;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Converts between the Java form of a record component, parameter or result and its SDK value.
 * Built once per Java type by {@link JavaTypeMapper}; each conversion is plain code with no
 * reflection. Failures are {@link ValueTypeException}s with a path relative to the converted value.
 */
sealed interface Converter {

  Object toValue(Object javaValue);

  Object toJava(Object value);

  /** Java and SDK forms are the same objects (booleans, numbers, strings, {@link Bytes}). */
  record Same(Type type) implements Converter {
    @Override
    public Object toValue(Object javaValue) {
      if (javaValue == null) {
        throw new ValueTypeException("", type.toString(), "null");
      }
      return javaValue;
    }

    @Override
    public Object toJava(Object value) {
      return value;
    }
  }

  /** {@code byte[]} ↔ {@link Bytes}, copying both ways so neither side sees the other's changes. */
  record ByteArray() implements Converter {
    @Override
    public Object toValue(Object javaValue) {
      if (javaValue == null) {
        throw new ValueTypeException("", "bytes", "null");
      }
      return Bytes.of((byte[]) javaValue);
    }

    @Override
    public Object toJava(Object value) {
      return ((Bytes) value).toArray();
    }
  }

  /** {@code Optional<T>} ↔ {@code null} or the value; a null {@code Optional} counts as empty. */
  record Option(Converter inner) implements Converter {
    @Override
    public Object toValue(Object javaValue) {
      if (javaValue == null) {
        return null;
      }
      var optional = (Optional<?>) javaValue;
      return optional.isPresent() ? inner.toValue(optional.get()) : null;
    }

    @Override
    public Object toJava(Object value) {
      return value == null ? Optional.empty() : Optional.of(inner.toJava(value));
    }
  }

  /** {@code List<T>} ↔ an unmodifiable list of converted elements. */
  record ListOf(Type type, Converter element) implements Converter {
    @Override
    public Object toValue(Object javaValue) {
      if (javaValue == null) {
        throw new ValueTypeException("", type.toString(), "null");
      }
      var list = (List<?>) javaValue;
      var values = new ArrayList<Object>(list.size());
      for (int i = 0; i < list.size(); i++) {
        try {
          values.add(element.toValue(list.get(i)));
        } catch (ValueTypeException e) {
          throw e.under("[" + i + "]");
        }
      }
      return Collections.unmodifiableList(values);
    }

    @Override
    public Object toJava(Object value) {
      var list = (List<?>) value;
      var javaValues = new ArrayList<Object>(list.size());
      for (var item : list) {
        javaValues.add(element.toJava(item));
      }
      return Collections.unmodifiableList(javaValues);
    }
  }

  /** A Java enum ↔ {@link EnumValue} by ordinal. */
  record JavaEnum(EnumType type, Object[] constants) implements Converter {
    @Override
    public Object toValue(Object javaValue) {
      if (javaValue == null) {
        throw new ValueTypeException("", type.toString(), "null");
      }
      return type.value(((Enum<?>) javaValue).ordinal());
    }

    @Override
    public Object toJava(Object value) {
      return constants[((EnumValue) value).index()];
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof JavaEnum that
          && type.equals(that.type)
          && Arrays.equals(constants, that.constants);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(constants);
    }

    @Override
    public String toString() {
      return "JavaEnum" + type;
    }
  }

  /** A nested record ↔ {@link StructValue}. */
  record Struct(RecordMapper<?> mapper) implements Converter {
    @Override
    public Object toValue(Object javaValue) {
      if (javaValue == null) {
        throw new ValueTypeException("", mapper.structType().toString(), "null");
      }
      return new StructValue(Arrays.asList(mapper.valuesOf(javaValue)));
    }

    @Override
    public Object toJava(Object value) {
      return mapper.fromValues(((StructValue) value).fields().toArray());
    }
  }
}
