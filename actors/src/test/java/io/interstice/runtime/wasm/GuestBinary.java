package io.interstice.runtime.wasm;

import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes WebAssembly binaries of the ABI for tests, for guests too large to commit (a {@code
 * br_table} of millions of targets, hundreds of thousands of functions, a schema of thousands of
 * tables). The guest has no imports; functions 0 to 6 are the ABI's exports ({@code
 * interstice_abi_version}, {@code _alloc}, {@code _free}, {@code _describe}, {@code _call_reducer},
 * {@code _call_query}, {@code _output}), then the extra functions; its schema lies at 1024 in
 * memory. Types 0 to 4 are {@code () -> i32}, {@code (i32) -> i32}, {@code (i32, i32) -> ()},
 * {@code () -> i64} and {@code (i32, i32, i32) -> i32}. Not thread-safe.
 */
final class GuestBinary {
  static final int SCHEMA_AT = 1024;

  private byte[] schema = SchemaCodec.encode(schema("quirk"));
  private final List<byte[]> extraTypes = new ArrayList<>();
  private final List<byte[]> extraBodies = new ArrayList<>();
  private final List<byte[]> tables = new ArrayList<>();
  private final List<byte[]> elements = new ArrayList<>();
  private byte[] reducerBody = body(new byte[] {0x41, 0x00});
  private int describeLoops;
  private int memories = 1;
  private int pages = 1;

  /** A valid schema named {@code name}: table items(id i64), reducers init and add. */
  static ModuleSchema schema(String name) {
    return ModuleSchema.builder(name)
        .table(TableSchema.builder("items").column("id", Type.i64()).primaryKey("id").build())
        .reducer(ReducerSchema.of("add"))
        .build();
  }

  GuestBinary schema(byte[] encoded) {
    schema = encoded;
    pages = Math.max(pages, (SCHEMA_AT + encoded.length) / 65536 + 1);
    return this;
  }

  GuestBinary memories(int count) {
    memories = count;
    return this;
  }

  GuestBinary pages(int count) {
    pages = count;
    return this;
  }

  /** Adds a raw type entry (its form byte first); its index is 5 and up. */
  GuestBinary type(byte[] entry) {
    extraTypes.add(entry);
    return this;
  }

  /** Adds a funcref table of {@code min} elements, with a maximum if {@code max} >= 0. */
  GuestBinary table(long min, long max) {
    var out = new ByteArrayOutputStream();
    out.write(0x70);
    out.write(max >= 0 ? 1 : 0);
    leb(out, min);
    if (max >= 0) {
      leb(out, max);
    }
    tables.add(out.toByteArray());
    return this;
  }

  /** Adds a raw element segment. */
  GuestBinary element(byte[] segment) {
    elements.add(segment);
    return this;
  }

  /** Adds {@code count} functions of type {@code () -> i32} with {@code code} (ending in end). */
  GuestBinary functions(int count, byte[] code) {
    var body = body(code);
    for (int i = 0; i < count; i++) {
      extraBodies.add(body);
    }
    return this;
  }

  /** Makes {@code interstice_describe} count to {@code iterations} before it answers. */
  GuestBinary slowDescribe(int iterations) {
    describeLoops = iterations;
    return this;
  }

  /** The instructions of {@code interstice_call_reducer} (without the final end). */
  GuestBinary reducer(byte[] instructions) {
    reducerBody = body(instructions);
    return this;
  }

  /** A function body without locals running {@code instructions}, then end. */
  static byte[] body(byte[] instructions) {
    var out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(instructions);
    out.write(0x0B);
    return out.toByteArray();
  }

  byte[] build() {
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(out, 1, types());
    section(out, 3, functionSection());
    if (!tables.isEmpty()) {
      section(out, 4, vector(tables));
    }
    var memory = new ByteArrayOutputStream();
    leb(memory, memories);
    for (int i = 0; i < memories; i++) {
      memory.write(0);
      leb(memory, pages);
    }
    section(out, 5, memory.toByteArray());
    section(out, 7, exports());
    if (!elements.isEmpty()) {
      section(out, 9, vector(elements));
    }
    section(out, 10, code());
    var data = new ByteArrayOutputStream();
    leb(data, 1);
    data.write(0);
    data.write(0x41);
    leb(data, SCHEMA_AT);
    data.write(0x0B);
    leb(data, schema.length);
    data.writeBytes(schema);
    section(out, 11, data.toByteArray());
    return out.toByteArray();
  }

  private byte[] types() {
    var entries = new ArrayList<byte[]>();
    entries.add(new byte[] {0x60, 0, 1, 0x7F});
    entries.add(new byte[] {0x60, 1, 0x7F, 1, 0x7F});
    entries.add(new byte[] {0x60, 2, 0x7F, 0x7F, 0});
    entries.add(new byte[] {0x60, 0, 1, 0x7E});
    entries.add(new byte[] {0x60, 3, 0x7F, 0x7F, 0x7F, 1, 0x7F});
    entries.addAll(extraTypes);
    return vector(entries);
  }

  private byte[] functionSection() {
    var out = new ByteArrayOutputStream();
    leb(out, 7 + extraBodies.size());
    out.writeBytes(new byte[] {0, 1, 2, 3, 4, 4, 3});
    for (int i = 0; i < extraBodies.size(); i++) {
      out.write(0);
    }
    return out.toByteArray();
  }

  private static byte[] exports() {
    String[] names = {
      "interstice_abi_version",
      "interstice_alloc",
      "interstice_free",
      "interstice_describe",
      "interstice_call_reducer",
      "interstice_call_query",
      "interstice_output"
    };
    var entries = new ArrayList<byte[]>();
    entries.add(export("memory", 2, 0));
    for (int i = 0; i < names.length; i++) {
      entries.add(export(names[i], 0, i));
    }
    return vector(entries);
  }

  private static byte[] export(String name, int kind, int index) {
    var out = new ByteArrayOutputStream();
    leb(out, name.length());
    out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.write(kind);
    leb(out, index);
    return out.toByteArray();
  }

  private byte[] code() {
    long describe = ((long) SCHEMA_AT << 32) | schema.length;
    var bodies = new ArrayList<byte[]>();
    bodies.add(body(new byte[] {0x41, 0x01}));
    bodies.add(body(new byte[] {0x41, (byte) 0x80, (byte) 0xC0, 0x00}));
    bodies.add(body(new byte[0]));
    bodies.add(describeLoops == 0 ? body(i64Const(describe)) : countingBody(describe));
    bodies.add(reducerBody);
    bodies.add(body(new byte[] {0x41, 0x00}));
    bodies.add(body(i64Const(0)));
    bodies.addAll(extraBodies);
    var sized = new ArrayList<byte[]>(bodies.size());
    for (var body : bodies) {
      var out = new ByteArrayOutputStream();
      leb(out, body.length);
      out.writeBytes(body);
      sized.add(out.toByteArray());
    }
    return vector(sized);
  }

  /** loop: local 0 += 1; br_if local 0 < describeLoops; then the schema's pointer and length. */
  private byte[] countingBody(long describe) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {1, 1, 0x7F, 0x03, 0x40, 0x20, 0, 0x41, 1, 0x6A, 0x22, 0, 0x41});
    sleb(out, describeLoops);
    out.writeBytes(new byte[] {0x49, 0x0D, 0, 0x0B});
    out.writeBytes(i64Const(describe));
    out.write(0x0B);
    return out.toByteArray();
  }

  static byte[] i64Const(long value) {
    var out = new ByteArrayOutputStream();
    out.write(0x42);
    sleb(out, value);
    return out.toByteArray();
  }

  static byte[] vector(List<byte[]> entries) {
    var out = new ByteArrayOutputStream();
    leb(out, entries.size());
    for (var entry : entries) {
      out.writeBytes(entry);
    }
    return out.toByteArray();
  }

  static void section(ByteArrayOutputStream out, int id, byte[] contents) {
    out.write(id);
    leb(out, contents.length);
    out.writeBytes(contents);
  }

  static void leb(ByteArrayOutputStream out, long value) {
    do {
      int b = (int) (value & 0x7F);
      value >>>= 7;
      out.write(value != 0 ? b | 0x80 : b);
    } while (value != 0);
  }

  static byte[] leb(long value) {
    var out = new ByteArrayOutputStream();
    leb(out, value);
    return out.toByteArray();
  }

  static void sleb(ByteArrayOutputStream out, long value) {
    while (true) {
      int b = (int) (value & 0x7F);
      value >>= 7;
      boolean done = value == 0 && (b & 0x40) == 0 || value == -1 && (b & 0x40) != 0;
      out.write(done ? b : b | 0x80);
      if (done) {
        return;
      }
    }
  }
}
