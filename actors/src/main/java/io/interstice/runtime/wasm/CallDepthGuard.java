package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the call-depth limit to a binary for Chicory's compiler, whose generated code calls guest
 * functions as plain JVM methods with no hook where the host could count.
 *
 * <p>Every defined function {@code f} (index {@code i}, after the imported ones) keeps its index
 * but gets a new body, a wrapper: if a new mutable global, the depth counter, plus the function's
 * {@link #weight} would pass the limit, it sets the counter to -1 and traps ({@code unreachable});
 * otherwise it adds the weight, calls the original body — moved unchanged to a new function at
 * index {@code i + n} of the same type — with its parameters, subtracts the weight and returns the
 * body's results. Since calls, tables, elements and exports all name functions by index and the
 * indices of the wrappers are those of the originals, every way into a function passes its wrapper;
 * the moved bodies still call the wrappers. A trap leaves the counter high, but the host drops an
 * instance after any trap (and resets the counter before every call, since an exception the guest
 * catches skips the subtractions too). The host tells a depth trap from others by the counter's -1
 * ({@link #trapped}).
 *
 * <p>Everything else in the binary is copied byte for byte. Only the function, global and code
 * sections are rewritten; a global section is added (in its place in the section order) if there is
 * none. The binary was parsed and checked before, so the layout is known to be valid.
 */
final class CallDepthGuard {
  private static final int GLOBAL = 6;
  private static final int FUNCTION = 3;
  private static final int CODE = 10;
  // Sections that come after the global section in a binary (export, start, element, data
  // count, code, data); a new global section goes before the first of them. The tag section (13)
  // comes before the global section, so it is not in the list.
  private static final List<Integer> AFTER_GLOBAL = List.of(7, 8, 9, 12, 10, 11);

  /** Locals (parameters included) that count as one more nested call; see {@link #weight}. */
  static final int LOCALS_PER_CALL = 64;

  /** The counter's value after a wrapper trapped on the limit. */
  private static final int TRAPPED = -1;

  private CallDepthGuard() {}

  /** The result: the rewritten binary and the index of its depth counter global. */
  record Guarded(byte[] bytes, int depthGlobal) {}

  static Guarded instrument(byte[] wasm, WasmModule module, int maxDepth) {
    // The deploy checks allow function imports only.
    int imported = module.importSection().importCount();
    int defined = module.functionSection().functionCount();
    int depthGlobal = module.globalSection().globalCount();

    var in = ByteBuffer.wrap(wasm);
    var out = new ByteArrayOutputStream(wasm.length * 2);
    out.write(wasm, 0, 8);
    in.position(8);
    boolean globalWritten = false;
    while (in.hasRemaining()) {
      int id = in.get() & 0xff;
      int size = readU32(in);
      int start = in.position();
      if (!globalWritten && (id == GLOBAL || AFTER_GLOBAL.contains(id))) {
        globalWritten = true;
        var payload = new ByteArrayOutputStream();
        if (id == GLOBAL) {
          var section = ByteBuffer.wrap(wasm, start, size).slice();
          int count = readU32(section);
          writeU32(payload, count + 1);
          payload.write(wasm, start + section.position(), size - section.position());
        } else {
          writeU32(payload, 1);
        }
        // i32, mutable, initialised by (i32.const 0) end
        payload.write(new byte[] {0x7f, 0x01, 0x41, 0x00, 0x0b}, 0, 5);
        section(out, GLOBAL, payload.toByteArray());
        if (id == GLOBAL) {
          in.position(start + size);
          continue;
        }
      }
      if (id == FUNCTION) {
        var payload = new ByteArrayOutputStream();
        writeU32(payload, defined * 2);
        for (int round = 0; round < 2; round++) {
          for (int f = 0; f < defined; f++) {
            writeU32(payload, module.functionSection().getFunctionType(f));
          }
        }
        section(out, FUNCTION, payload.toByteArray());
      } else if (id == CODE) {
        var section = ByteBuffer.wrap(wasm, start, size).slice();
        int count = readU32(section);
        var bodies = new ArrayList<byte[]>(count);
        for (int f = 0; f < count; f++) {
          int from = section.position();
          int length = readU32(section);
          int end = section.position() + length;
          var body = new byte[end - from];
          System.arraycopy(wasm, start + from, body, 0, body.length);
          bodies.add(body);
          section.position(end);
        }
        var payload = new ByteArrayOutputStream();
        writeU32(payload, count * 2);
        for (int f = 0; f < count; f++) {
          int params =
              module
                  .typeSection()
                  .getType(module.functionSection().getFunctionType(f))
                  .params()
                  .size();
          int locals = params + module.codeSection().getFunctionBody(f).localTypes().size();
          var wrapper =
              wrapper(depthGlobal, maxDepth, weight(locals), params, imported + defined + f);
          writeU32(payload, wrapper.length);
          payload.write(wrapper, 0, wrapper.length);
        }
        for (var body : bodies) {
          payload.write(body, 0, body.length);
        }
        section(out, CODE, payload.toByteArray());
      } else {
        out.write(id);
        writeU32(out, size);
        out.write(wasm, start, size);
      }
      in.position(start + size);
    }
    if (!globalWritten) {
      var payload = new ByteArrayOutputStream();
      writeU32(payload, 1);
      payload.write(new byte[] {0x7f, 0x01, 0x41, 0x00, 0x0b}, 0, 5);
      section(out, GLOBAL, payload.toByteArray());
    }
    return new Guarded(out.toByteArray(), depthGlobal);
  }

  private static byte[] wrapper(int global, int maxDepth, int weight, int params, int target) {
    var code = new ByteArrayOutputStream();
    code.write(0x00); // no locals
    code.write(0x23); // global.get depth
    writeU32(code, global);
    code.write(0x41); // i32.const max - weight
    writeS32(code, maxDepth - weight);
    code.write(0x4a); // i32.gt_s: depth + weight > max
    code.write(0x04); // if
    code.write(0x40);
    code.write(0x41); // i32.const -1: the mark of a depth trap
    writeS32(code, TRAPPED);
    code.write(0x24); // global.set depth
    writeU32(code, global);
    code.write(0x00); // unreachable
    code.write(0x0b); // end
    bump(code, global, weight, 0x6a); // depth + weight
    for (int p = 0; p < params; p++) {
      code.write(0x20); // local.get p
      writeU32(code, p);
    }
    code.write(0x10); // call the moved body
    writeU32(code, target);
    bump(code, global, weight, 0x6b); // depth - weight
    code.write(0x0b); // end
    return code.toByteArray();
  }

  private static void bump(ByteArrayOutputStream code, int global, int weight, int op) {
    code.write(0x23);
    writeU32(code, global);
    code.write(0x41);
    writeS32(code, weight);
    code.write(op);
    code.write(0x24); // global.set
    writeU32(code, global);
  }

  private static void section(ByteArrayOutputStream out, int id, byte[] payload) {
    out.write(id);
    writeU32(out, payload.length);
    out.write(payload, 0, payload.length);
  }

  private static int readU32(ByteBuffer in) {
    int result = 0;
    int shift = 0;
    while (true) {
      int b = in.get() & 0xff;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
      shift += 7;
    }
  }

  private static void writeU32(ByteArrayOutputStream out, int value) {
    long v = Integer.toUnsignedLong(value);
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v == 0 ? b : b | 0x80);
    } while (v != 0);
  }

  private static void writeS32(ByteArrayOutputStream out, int value) {
    int v = value;
    while (true) {
      int b = v & 0x7f;
      v >>= 7;
      boolean done = v == 0 && (b & 0x40) == 0 || v == -1 && (b & 0x40) != 0;
      out.write(done ? b : b | 0x80);
      if (done) {
        return;
      }
    }
  }

  /** The depth counter's value in an instance of a guarded binary. */
  static int depth(Instance instance, int depthGlobal) {
    return (int) instance.global(depthGlobal).getValue();
  }

  /** Whether the last trap of an instance of a guarded binary was the depth limit's. */
  static boolean trapped(Instance instance, int depthGlobal) {
    return depth(instance, depthGlobal) == TRAPPED;
  }

  /**
   * How many nested calls a function with {@code locals} locals (parameters included) counts as:
   * one per {@value #LOCALS_PER_CALL} locals or part of them. Compiled, a guest function is a JVM
   * method whose frame grows with its locals, so a depth counted in calls alone would let a guest
   * with huge functions run the thread out of stack long before the limit; weighted, the limit
   * bounds the stack the guest's frames can take whatever their size.
   */
  static int weight(int locals) {
    return 1 + locals / LOCALS_PER_CALL;
  }
}
