package io.interstice.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;

/**
 * Field-by-field equality for messages: records component by component, arrays (rows, JSON bytes)
 * and lists element by element, maps key by key; anything else by {@code equals}. Records compare
 * arrays by identity, which would make every message with a row differ from its copy.
 */
final class DeepEquals {
  private DeepEquals() {}

  static void assertDeepEquals(Object expected, Object actual) {
    assertDeepEquals(expected, actual, expected == null ? "null" : expected.getClass().getName());
  }

  private static void assertDeepEquals(Object expected, Object actual, String path) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, path);
    } else if (expected.getClass().isArray()) {
      assertEquals(expected.getClass(), actual.getClass(), path);
      assertEquals(Array.getLength(expected), Array.getLength(actual), path + " length");
      for (int i = 0; i < Array.getLength(expected); i++) {
        assertDeepEquals(Array.get(expected, i), Array.get(actual, i), path + "[" + i + "]");
      }
    } else if (expected instanceof List<?> list) {
      var other = assertInstanceOf(List.class, actual, path);
      assertEquals(list.size(), other.size(), path + " size");
      for (int i = 0; i < list.size(); i++) {
        assertDeepEquals(list.get(i), other.get(i), path + "[" + i + "]");
      }
    } else if (expected instanceof Map<?, ?> map) {
      var other = assertInstanceOf(Map.class, actual, path);
      assertEquals(map.keySet(), other.keySet(), path + " keys");
      map.forEach((key, value) -> assertDeepEquals(value, other.get(key), path + "." + key));
    } else if (expected.getClass().isRecord()) {
      assertEquals(expected.getClass(), actual.getClass(), path);
      for (var component : expected.getClass().getRecordComponents()) {
        try {
          var accessor = component.getAccessor();
          accessor.setAccessible(true);
          assertDeepEquals(
              accessor.invoke(expected), accessor.invoke(actual), path + "." + component.getName());
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new AssertionError("cannot read " + path + "." + component.getName(), e);
        }
      }
    } else {
      assertEquals(expected, actual, path);
    }
  }
}
