package io.interstice.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The default value of a column, as JSON in the value mapping of {@code docs/row-encoding.md}:
 * {@code @Default("0") long points}, {@code @Default("\"none\"") String status}. An upgrade that
 * adds the column at the end of its table fills this value into the existing rows, which makes the
 * change compatible without an {@code @Upgrade} reducer. Checked against the column's type when the
 * module is loaded.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  /** The value as JSON. */
  String value();
}
