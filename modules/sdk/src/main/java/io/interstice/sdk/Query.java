package io.interstice.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a query: a method whose first parameter is a {@link QueryContext}, whose other parameters
 * are its arguments and whose return value (of a mappable type, see {@link Table}) is its result.
 * Queries read committed state only and cannot change it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Query {
  /** The query name; by default the method name in snake_case. */
  String name() default "";
}
