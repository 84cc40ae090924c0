package io.interstice.sdk;

import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.Visibility;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code record} as the row type of a table. Its components are the columns, in order;
 * exactly one carries {@link PrimaryKey}, any may carry {@link Index}. Component types map to value
 * types: {@code boolean}, {@code int}, {@code long}, {@code float}, {@code double} (or their boxes,
 * never null), {@code String}, {@code byte[]}, {@code Optional<T>} (option), {@code List<T>}
 * (list), nested records (struct) and Java enums (enum).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Table {
  /** The table name; by default the record's simple name in snake_case. */
  String name() default "";

  Persistence persistence() default Persistence.LOGGED;

  Visibility visibility() default Visibility.PUBLIC;
}
