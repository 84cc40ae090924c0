package io.interstice.sdk.codec;

import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;

/**
 * Reads one value of a type from the canonical encoding. Failures carry the offset and the path
 * inside the value; {@link RowCodec} adds the column.
 */
final class ValueDecoder {
  private ValueDecoder() {}

  static Object read(BinaryReader in, Type type) {
    switch (type.kind()) {
      case BOOL:
        return readBool(in);
      case I32:
        return in.i32();
      case I64:
        return in.i64();
      case F32:
        return in.f32();
      case F64:
        return in.f64();
      case STRING:
        return in.string();
      case BYTES:
        return in.bytes();
      case OPTION:
        return readOption(in, (OptionType) type);
      case LIST:
        return readList(in, (ListType) type);
      case STRUCT:
        return readStruct(in, (StructType) type);
      case ENUM:
        return readEnum(in, (EnumType) type);
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  private static Boolean readBool(BinaryReader in) {
    int at = in.position();
    int b = in.u8();
    if (b > 1) {
      throw new BinaryFormatException(
          at, "invalid bool byte " + hex(b) + " (expected 0x00 or 0x01)");
    }
    return b == 1;
  }

  private static Object readOption(BinaryReader in, OptionType type) {
    int at = in.position();
    int tag = in.u8();
    if (tag == 0) {
      return null;
    }
    if (tag != 1) {
      throw new BinaryFormatException(
          at, "invalid option tag " + hex(tag) + " (expected 0x00 or 0x01)");
    }
    return read(in, type.inner());
  }

  private static Object readList(BinaryReader in, ListType type) {
    // every encoded value takes at least one byte, so count() bounds the allocation
    int count = in.count("list count");
    var list = new ArrayList<Object>(count);
    for (int i = 0; i < count; i++) {
      try {
        list.add(read(in, type.element()));
      } catch (BinaryFormatException e) {
        throw e.under("[" + i + "]");
      }
    }
    return Collections.unmodifiableList(list);
  }

  private static StructValue readStruct(BinaryReader in, StructType type) {
    var fields = type.fields();
    var values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      try {
        values[i] = read(in, fields.get(i).type());
      } catch (BinaryFormatException e) {
        throw e.under(fields.get(i).name());
      }
    }
    return new StructValue(Arrays.asList(values));
  }

  private static Object readEnum(BinaryReader in, EnumType type) {
    int at = in.position();
    int index = in.varint();
    if (index >= type.variants().size()) {
      throw new BinaryFormatException(
          at,
          "enum variant index "
              + index
              + " out of range ("
              + type.variants().size()
              + " variants)");
    }
    return type.value(index);
  }

  private static String hex(int b) {
    return String.format("0x%02x", b);
  }
}
