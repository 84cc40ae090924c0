package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Moving bytes between the host and a guest's linear memory the way ABI version 1 says ({@code
 * modules/wasm-sdk/ABI.md}): reading a buffer the guest names by pointer and length, allocating a
 * buffer through the guest's {@code interstice_alloc}, filling an out-pair (pointer and length) and
 * decoding strict UTF-8. Every pointer and length comes from the guest, so each is checked against
 * the memory's size first; a bad one is a {@link GuestFault}. Stateless.
 */
final class GuestMemory {
  private GuestMemory() {}

  /** The {@code len} bytes at {@code ptr} (both unsigned). */
  static byte[] read(Instance instance, int ptr, int len) {
    long start = Integer.toUnsignedLong(ptr);
    long length = Integer.toUnsignedLong(len);
    var memory = instance.memory();
    if (start + length > (long) memory.pages() * Memory.PAGE_SIZE) {
      throw new GuestFault(
          "buffer of "
              + length
              + " bytes at "
              + start
              + " lies outside memory ("
              + memory.pages()
              + " pages)");
    }
    return length == 0 ? new byte[0] : memory.readBytes(ptr, len);
  }

  /** Allocates a guest buffer and copies {@code bytes} there; returns its pointer. */
  static int allocate(Instance instance, byte[] bytes) {
    int ptr = (int) instance.export(WasmAbi.ALLOC).apply(bytes.length)[0];
    if (ptr == 0) {
      throw new GuestFault(WasmAbi.ALLOC + "(" + bytes.length + ") is out of memory");
    }
    checkRange(instance, ptr, bytes.length);
    instance.memory().write(ptr, bytes);
    return ptr;
  }

  /**
   * Writes {@code bytes} to a new guest buffer and its pointer and length to the out-pair at {@code
   * out} (8 bytes); an empty one is pointer 0.
   */
  static void fillOut(Instance instance, int out, byte[] bytes) {
    checkRange(instance, out, 8);
    int ptr = bytes.length == 0 ? 0 : allocate(instance, bytes);
    instance.memory().writeI32(out, ptr);
    instance.memory().writeI32(out + 4, bytes.length);
  }

  /** The string at {@code ptr}, which must be valid UTF-8. */
  static String utf8(Instance instance, int ptr, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(read(instance, ptr, len)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new GuestFault("a string is not valid UTF-8", e);
    }
  }

  private static void checkRange(Instance instance, int ptr, int len) {
    read(instance, ptr, 0);
    long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
    if (end > (long) instance.memory().pages() * Memory.PAGE_SIZE) {
      throw new GuestFault("buffer of " + len + " bytes at " + ptr + " lies outside memory");
    }
  }
}
