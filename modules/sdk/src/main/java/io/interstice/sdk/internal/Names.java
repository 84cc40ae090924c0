package io.interstice.sdk.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How Java names become schema names, and how Java members are named in error messages. */
final class Names {
  private Names() {}

  /**
   * {@code openAccount} → {@code open_account}, {@code HTTPServer} → {@code http_server}, {@code
   * ON_HOLD} → {@code on_hold}, {@code Account} → {@code account}.
   */
  static String snakeCase(String javaName) {
    var out = new StringBuilder(javaName.length() + 4);
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char before = javaName.charAt(i - 1);
        boolean nextIsLower =
            i + 1 < javaName.length() && Character.isLowerCase(javaName.charAt(i + 1));
        if (Character.isLowerCase(before)
            || Character.isDigit(before)
            || (Character.isUpperCase(before) && nextIsLower)) {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  /**
   * {@code bank.transfer(ReducerContext, long)}: the module name, the method and its parameters.
   */
  static String method(String module, Method method) {
    return module
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
