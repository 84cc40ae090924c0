package io.interstice.runtime.module.code;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The code of a deployed module, as recorded in its {@code ModuleDeployed} event so that the log
 * alone names what runs. A Java module is recorded by its class name (trusted code that must be on
 * the node's class path); a WebAssembly module by its bytes, so the log alone can run it again.
 */
public sealed interface ModuleCode {

  /** How this code reads in messages: {@code java:io.interstice.examples.bank.Bank}. */
  String describe();

  /** A Java module class, loaded by name from the node's class path. */
  record JavaClass(String className) implements ModuleCode {
    public JavaClass {
      Objects.requireNonNull(className, "className");
      if (className.isBlank()) {
        throw new IllegalArgumentException("a Java module needs a class name");
      }
    }

    public static JavaClass of(Class<?> moduleClass) {
      return new JavaClass(moduleClass.getName());
    }

    @Override
    public String describe() {
      return "java:" + className;
    }
  }

  /**
   * A WebAssembly module (ABI version 1, {@code modules/wasm-sdk/ABI.md}) by its binary. Equal by
   * content; the bytes are copied in and out, so the record is immutable.
   */
  record Wasm(byte[] bytes) implements ModuleCode {
    public Wasm {
      Objects.requireNonNull(bytes, "bytes");
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The length of the binary in bytes, without copying it as {@link #bytes()} does. */
    public int size() {
      return bytes.length;
    }

    /** The SHA-256 of the bytes, in lower-case hex. */
    public String sha256() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JVM has no SHA-256", e);
      }
    }

    /** {@code wasm:} then the first 12 hex digits of the SHA-256 of the bytes. */
    @Override
    public String describe() {
      return "wasm:" + sha256().substring(0, 12);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Wasm wasm && Arrays.equals(bytes, wasm.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Wasm[" + bytes.length + " bytes, " + describe() + "]";
    }
  }
}
