package io.interstice.cli.schema;

import io.interstice.runtime.module.code.ModuleCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which module code a schema tool reads, as a user writes it: a WebAssembly file ({@code
 * bank.wasm}) or a Java class ({@code java:io.interstice.examples.bank.Bank}, found on the tool's
 * class path and {@code --class-path}). Immutable.
 *
 * @param wasm the WebAssembly file, or null for a Java class
 * @param javaClass the Java class name, or null for a WebAssembly file
 */
public record ModuleSpec(Path wasm, String javaClass) {
  /** The prefix that names a Java class instead of a file. */
  public static final String JAVA_PREFIX = "java:";

  /**
   * Parses {@code java:CLASS} or a file path.
   *
   * @throws IllegalArgumentException when the text names neither
   */
  public static ModuleSpec parse(String text) {
    if (text.startsWith(JAVA_PREFIX)) {
      return java(text.substring(JAVA_PREFIX.length()));
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("expected FILE.wasm or java:CLASS, found nothing");
    }
    return new ModuleSpec(Path.of(text), null);
  }

  /** A Java module class. */
  public static ModuleSpec java(String className) {
    if (className.isBlank()) {
      throw new IllegalArgumentException("java: needs a class name (java:com.example.Bank)");
    }
    return new ModuleSpec(null, className);
  }

  /** How the spec reads in messages: the file, or {@code java:CLASS}. */
  public String describe() {
    return wasm != null ? wasm.toString() : JAVA_PREFIX + javaClass;
  }

  /**
   * The code a deploy of this spec would send.
   *
   * @throws IllegalArgumentException when the file does not exist
   * @throws UncheckedIOException when it cannot be read
   */
  ModuleCode code() {
    if (wasm == null) {
      return new ModuleCode.JavaClass(javaClass);
    }
    if (!Files.isRegularFile(wasm)) {
      throw new IllegalArgumentException("no such file: " + wasm);
    }
    try {
      return new ModuleCode.Wasm(Files.readAllBytes(wasm));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + wasm + ": " + e.getMessage(), e);
    }
  }
}
