package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.ModuleCode;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCodec;

/**
 * Pieces shared by the module serializers: the format version byte, module code and schema. All
 * integers use Kryo's encodings: {@code varint}/{@code varlong} are unsigned LEB128 (7 bits per
 * byte, low groups first), fixed {@code long}s are 8 bytes little-endian, strings are Kryo strings
 * ({@code Output.writeString}: an ASCII string of two or more characters is its bytes with the high
 * bit of the last one set; any other is its length + 1 in a flagged varint, then UTF-8), byte
 * arrays a varint length then the bytes.
 *
 * <p>Module code: {@code u8 kind} (1 = Java class) then for a Java class its name as a string.
 * Schema: a byte array holding {@link SchemaCodec}'s encoding (docs/schema-encoding.md).
 */
final class EventFormat {
  /** Current version of every module event and snapshot format. */
  static final int VERSION = 1;

  static final int CODE_JAVA_CLASS = 1;

  private EventFormat() {}

  static void writeVersion(Output output) {
    output.writeByte(VERSION);
  }

  /**
   * @throws IllegalStateException for a version this code cannot read
   */
  static void readVersion(Input input, String what) {
    int version = input.readByte() & 0xff;
    if (version != VERSION) {
      throw new IllegalStateException(
          what + " has format version " + version + "; this runtime reads version " + VERSION);
    }
  }

  static void writeBytes(Output output, byte[] bytes) {
    output.writeVarInt(bytes.length, true);
    output.writeBytes(bytes);
  }

  static byte[] readBytes(Input input) {
    int length = input.readVarInt(true);
    return input.readBytes(length);
  }

  static void writeCode(Output output, ModuleCode code) {
    var javaClass = (ModuleCode.JavaClass) code;
    output.writeByte(CODE_JAVA_CLASS);
    output.writeString(javaClass.className());
  }

  static ModuleCode readCode(Input input) {
    int kind = input.readByte() & 0xff;
    if (kind != CODE_JAVA_CLASS) {
      throw new IllegalStateException("unknown module code kind " + kind);
    }
    return new ModuleCode.JavaClass(input.readString());
  }

  static void writeSchema(Output output, ModuleSchema schema) {
    writeBytes(output, SchemaCodec.encode(schema));
  }

  static ModuleSchema readSchema(Input input) {
    return SchemaCodec.decode(readBytes(input));
  }
}
