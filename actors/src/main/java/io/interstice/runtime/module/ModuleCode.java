package io.interstice.runtime.module;

import java.util.Objects;

/**
 * The code of a deployed module, as recorded in its {@code ModuleDeployed} event so that the log
 * alone names what runs. A Java module is recorded by its class name (trusted code that must be on
 * the node's class path); WebAssembly modules will carry their bytes.
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
}
