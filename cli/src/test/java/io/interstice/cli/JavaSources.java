package io.interstice.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/**
 * Compiles a module author's Java source into a class directory, as their build would, so that the
 * class is found only through {@code --class-path}, not on the tests' class path.
 */
final class JavaSources {
  private JavaSources() {}

  /** Compiles {@code source} (a class {@code className}) into {@code classes}; returns it. */
  static Path compile(Path classes, String className, String source) throws IOException {
    var sources = Files.createDirectories(classes.resolveSibling(classes.getFileName() + "-src"));
    var file = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
    Files.writeString(file, source);
    Files.createDirectories(classes);
    var errors = new ByteArrayOutputStream();
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                errors,
                "-parameters",
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                file.toString());
    if (status != 0) {
      throw new AssertionError(errors.toString(StandardCharsets.UTF_8));
    }
    return classes;
  }
}
