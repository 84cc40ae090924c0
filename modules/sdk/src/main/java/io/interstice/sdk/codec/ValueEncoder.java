package io.interstice.sdk.codec;

import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.EnumValue;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.util.List;

/**
 * Writes one value of a type in the canonical encoding, checking it against the type on the way.
 * Failures carry the path inside the value; {@link RowCodec} adds the column.
 */
final class ValueEncoder {
  private ValueEncoder() {}

  static void write(BinaryWriter out, Type type, Object value) {
    if (value == null) {
      if (type.kind() != Type.Kind.OPTION) {
        throw mismatch(type, null);
      }
      out.u8(0);
      return;
    }
    switch (type.kind()) {
      case BOOL:
        out.u8(((Boolean) require(type, value, Boolean.class)) ? 1 : 0);
        break;
      case I32:
        out.i32((Integer) require(type, value, Integer.class));
        break;
      case I64:
        out.i64((Long) require(type, value, Long.class));
        break;
      case F32:
        out.f32((Float) require(type, value, Float.class));
        break;
      case F64:
        out.f64((Double) require(type, value, Double.class));
        break;
      case STRING:
        out.string((String) require(type, value, String.class));
        break;
      case BYTES:
        out.bytes((Bytes) require(type, value, Bytes.class));
        break;
      case OPTION:
        out.u8(1);
        try {
          write(out, ((OptionType) type).inner(), value);
        } catch (ValueTypeException e) {
          throw e.path().isEmpty() ? new ValueTypeException("", type.toString(), e.found()) : e;
        }
        break;
      case LIST:
        writeList(out, (ListType) type, value);
        break;
      case STRUCT:
        writeStruct(out, (StructType) type, value);
        break;
      case ENUM:
        writeEnum(out, (EnumType) type, value);
        break;
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  private static Object require(Type type, Object value, Class<?> javaClass) {
    if (value.getClass() != javaClass) {
      throw mismatch(type, value);
    }
    return value;
  }

  private static void writeList(BinaryWriter out, ListType type, Object value) {
    if (!(value instanceof List<?> list)) {
      throw mismatch(type, value);
    }
    out.varint(list.size());
    for (int i = 0; i < list.size(); i++) {
      try {
        write(out, type.element(), list.get(i));
      } catch (ValueTypeException e) {
        throw e.under("[" + i + "]");
      } catch (BinaryFormatException e) {
        throw e.under("[" + i + "]");
      }
    }
  }

  private static void writeStruct(BinaryWriter out, StructType type, Object value) {
    if (!(value instanceof StructValue struct)) {
      throw mismatch(type, value);
    }
    var fields = type.fields();
    if (struct.size() != fields.size()) {
      throw new ValueTypeException("", fields.size() + " struct fields", struct.size() + " fields");
    }
    for (int i = 0; i < fields.size(); i++) {
      try {
        write(out, fields.get(i).type(), struct.get(i));
      } catch (ValueTypeException e) {
        throw e.under(fields.get(i).name());
      } catch (BinaryFormatException e) {
        throw e.under(fields.get(i).name());
      }
    }
  }

  private static void writeEnum(BinaryWriter out, EnumType type, Object value) {
    if (!(value instanceof EnumValue variant)) {
      throw mismatch(type, value);
    }
    if (variant.index() >= type.variants().size()
        || !type.variants().get(variant.index()).equals(variant.name())) {
      throw new ValueTypeException(
          "", "a variant of " + type, "variant " + variant.index() + " (" + variant.name() + ")");
    }
    out.varint(variant.index());
  }

  private static ValueTypeException mismatch(Type type, Object value) {
    return new ValueTypeException("", type.toString(), Values.describe(value));
  }
}
