package io.interstice.runtime.wasm;

import io.interstice.runtime.module.code.ModuleLoadException;

/**
 * A walk over a WebAssembly binary's bytes before Chicory parses it: every count and length the
 * parser would allocate for (a vector's capacity, a name's bytes, a function's locals, a data
 * segment's bytes) is checked against the bytes that are left and against {@link WasmModuleLimits},
 * so that parsing allocates at most a fixed multiple of the binary's size. A binary of 30 bytes
 * declaring a vector of four billion names would otherwise make the parser allocate gigabytes
 * before it finds the vector is not there.
 *
 * <p>It also refuses, by their bytes, the type forms and value types of the GC and typed-references
 * proposals (struct, array, sub and rec types; {@code (ref …)}, {@code anyref}, {@code eqref}, …):
 * GC objects live on the JVM heap, outside the memory limit.
 *
 * <p>The binary format (WebAssembly core spec, section 5): an 8-byte header (magic {@code \0asm},
 * version 1), then sections of a 1-byte id, a LEB128 u32 size and that many bytes. Counts and
 * lengths are LEB128 u32. The sections walked here: 0 custom (a name), 1 type, 2 import, 3
 * function, 4 table, 5 memory, 6 global and 13 tag (their counts), 7 export, 9 element, 10 code
 * (sizes and locals of each body), 11 data. What the parsed sections declare (table sizes, a
 * memory's pages, instructions) is checked after parsing, by {@link WasmResourceCheck}.
 *
 * <p>Stateless apart from the walk's position; one instance per binary, on one thread.
 */
final class WasmBinaryScan {
  private static final int HEADER_LENGTH = 8;
  private static final int FUNCTION_FORM = 0x60;
  private static final int END = 0x0B;

  private final byte[] bytes;
  private final WasmModuleLimits limits;
  private final String what;
  private int pos = HEADER_LENGTH;

  private WasmBinaryScan(byte[] bytes, WasmModuleLimits limits, String what) {
    this.bytes = bytes;
    this.limits = limits;
    this.what = what;
  }

  /**
   * Checks {@code bytes}; a binary too short for a header is left to the parser to refuse.
   *
   * @throws ModuleLoadException naming the limit broken, or what is malformed and where
   */
  static void check(byte[] bytes, WasmModuleLimits limits, String what) {
    if (bytes.length >= HEADER_LENGTH) {
      new WasmBinaryScan(bytes, limits, what).sections();
    }
  }

  private void sections() {
    while (pos < bytes.length) {
      int id = u8();
      int end = length(bytes.length, "section " + id);
      switch (id) {
        case 0 -> name(end);
        case 1 -> types(end);
        case 2 -> imports(end);
        case 3 -> limit(count(end), limits.maxFunctions(), "functions", "max-functions");
        case 4 -> limit(count(end), limits.maxTables(), "tables", "max-tables");
        case 5 -> memories(end);
        case 6 -> limit(count(end), limits.maxGlobals(), "globals", "max-globals");
        case 7 -> exports(end);
        case 9 -> elements(end);
        case 10 -> code(end);
        case 11 -> data(end);
        case 13 -> limit(count(end), limits.maxTypes(), "exception tags", "max-types");
        default -> {}
      }
      pos = end;
    }
  }

  /** Exactly one memory: every memory is allocated whole up to its size, and the limit caps one. */
  private void memories(int end) {
    int count = count(end);
    if (count > 1) {
      throw new ModuleLoadException(
          what
              + " declares "
              + count
              + " memories; a module has exactly one (multiple memories are not supported)");
    }
  }

  private void types(int end) {
    int count = limit(count(end), limits.maxTypes(), "types", "max-types");
    for (int i = 0; i < count; i++) {
      int form = u8();
      if (form != FUNCTION_FORM) {
        throw new ModuleLoadException(
            what
                + " declares a type of form 0x"
                + Integer.toHexString(form)
                + " (struct, array or recursive types of the GC proposal), which this host does"
                + " not run: GC objects would live outside the memory limit");
      }
      int params = count(end);
      for (int p = 0; p < params; p++) {
        valueType();
      }
      int results = count(end);
      for (int r = 0; r < results; r++) {
        valueType();
      }
    }
  }

  private void imports(int end) {
    int count = count(end);
    for (int i = 0; i < count; i++) {
      name(end);
      name(end);
      int kind = u8();
      switch (kind) {
        case 0, 4 -> {
          if (kind == 4) {
            u8();
          }
          u32();
        }
        case 1 -> {
          valueType();
          tableLimits();
        }
        case 2 -> tableLimits();
        case 3 -> {
          valueType();
          u8();
        }
        default -> throw malformed("import kind " + kind);
      }
    }
  }

  private void exports(int end) {
    int count = limit(count(end), limits.maxExports(), "exports", "max-exports");
    for (int i = 0; i < count; i++) {
      name(end);
      u8();
      u32();
    }
  }

  /** Element segments in the eight encodings of the spec (flags 0 to 7). */
  private void elements(int end) {
    int count =
        limit(count(end), limits.maxElementSegments(), "element segments", "max-element-segments");
    long entries = 0;
    for (int i = 0; i < count; i++) {
      int flags = (int) u32();
      if (flags > 7) {
        throw malformed("element segment flags " + flags);
      }
      boolean passiveOrDeclarative = (flags & 1) != 0;
      boolean explicitTable = (flags & 2) != 0;
      boolean expressions = (flags & 4) != 0;
      if (!passiveOrDeclarative) {
        if (explicitTable) {
          u32();
        }
        constantExpression(end);
      }
      if (passiveOrDeclarative || explicitTable) {
        if (expressions) {
          valueType();
        } else {
          u8(); // elemkind 0x00: funcref
        }
      }
      int items = count(end);
      entries += items;
      limit(entries, limits.maxTableElements(), "element segment entries", "max-table-elements");
      for (int e = 0; e < items; e++) {
        if (expressions) {
          constantExpression(end);
        } else {
          u32();
        }
      }
    }
  }

  private void code(int end) {
    if (end - pos > limits.maxCodeSize()) {
      throw limitBroken(end - pos, limits.maxCodeSize(), "bytes of code", "max-code-size");
    }
    int count = limit(count(end), limits.maxFunctions(), "functions", "max-functions");
    for (int f = 0; f < count; f++) {
      int bodyEnd = length(end, "function body");
      if (bodyEnd - pos > limits.maxFunctionSize()) {
        throw new ModuleLoadException(
            what
                + " has a function (body "
                + f
                + ") of "
                + (bodyEnd - pos)
                + " bytes, more than the limit of "
                + limits.maxFunctionSize()
                + " (interstice.wasm.max-function-size)");
      }
      int groups = count(bodyEnd);
      long locals = 0;
      for (int g = 0; g < groups; g++) {
        locals += u32();
        if (locals > limits.maxLocals()) {
          throw new ModuleLoadException(
              what
                  + " has a function (body "
                  + f
                  + ") declaring more than "
                  + limits.maxLocals()
                  + " locals, the limit (interstice.wasm.max-locals)");
        }
        valueType();
      }
      pos = bodyEnd;
    }
  }

  private void data(int end) {
    int count = limit(count(end), limits.maxDataSegments(), "data segments", "max-data-segments");
    for (int i = 0; i < count; i++) {
      int mode = (int) u32();
      if (mode == 2) {
        u32();
      }
      if (mode == 0 || mode == 2) {
        constantExpression(end);
      } else if (mode != 1) {
        throw malformed("data segment mode " + mode);
      }
      pos = length(end, "data segment");
    }
  }

  /** Skips a constant expression: the instructions a constant may use, up to {@code end}. */
  private void constantExpression(int end) {
    while (true) {
      if (pos >= end) {
        throw malformed("constant expression");
      }
      int opcode = u8();
      switch (opcode) {
        case END -> {
          return;
        }
        case 0x41, 0x42, 0x23, 0xD2 -> u64(); // i32.const, i64.const, global.get, ref.func
        case 0x43 -> skip(4, end); // f32.const
        case 0x44 -> skip(8, end); // f64.const
        case 0xD0 -> u64(); // ref.null heaptype
        case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> {} // extended constants: add, sub, mul
        case 0xFD -> {
          u32(); // v128.const
          skip(16, end);
        }
        default -> throw malformed("constant expression opcode 0x" + Integer.toHexString(opcode));
      }
    }
  }

  private void valueType() {
    int type = u8();
    switch (type) {
      case 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F -> {}
      default ->
          throw new ModuleLoadException(
              what
                  + " uses the value type 0x"
                  + Integer.toHexString(type)
                  + " (GC or typed references), which this host does not run: only numbers,"
                  + " vectors, funcref and externref are supported");
    }
  }

  private void tableLimits() {
    int flags = u8();
    u64();
    if ((flags & 1) != 0) {
      u64();
    }
  }

  /** A name's length must fit in what is left of its section; skips the name. */
  private void name(int end) {
    pos = length(end, "name");
  }

  /** Reads a length that must fit before {@code end}; returns where what it measures ends. */
  private int length(int end, String of) {
    long length = u32();
    if (length > end - pos) {
      throw malformed(of + " of " + length + " bytes, longer than what is left");
    }
    return pos + (int) length;
  }

  /**
   * Reads a vector's count; each element takes at least one byte, so it is at most what is left.
   */
  private int count(int end) {
    long count = u32();
    if (count > end - pos) {
      throw malformed("count " + count + ", more than the bytes that are left");
    }
    return (int) count;
  }

  private int limit(long count, int limit, String of, String key) {
    if (count > limit) {
      throw limitBroken(count, limit, of, key);
    }
    return (int) count;
  }

  private ModuleLoadException limitBroken(long count, int limit, String of, String key) {
    return WasmResourceCheck.refused(what, count, of, limit, key);
  }

  private ModuleLoadException malformed(String detail) {
    return new ModuleLoadException(
        what + " is not a valid WebAssembly binary: malformed " + detail + " at offset " + pos);
  }

  private void skip(int count, int end) {
    if (count > end - pos) {
      throw malformed("constant");
    }
    pos += count;
  }

  private int u8() {
    if (pos >= bytes.length) {
      throw malformed("binary: unexpected end");
    }
    return bytes[pos++] & 0xFF;
  }

  private long u32() {
    long value = u64();
    if (value > 0xFFFF_FFFFL || value < 0) {
      throw malformed("u32");
    }
    return value;
  }

  /** An LEB128 number of up to 10 bytes; signed ones are skipped the same way. */
  private long u64() {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = u8();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw malformed("LEB128 number");
  }
}
