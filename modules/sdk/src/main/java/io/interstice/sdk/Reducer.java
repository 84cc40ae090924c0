package io.interstice.sdk;

import io.interstice.sdk.schema.Visibility;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a reducer: a {@code void} method whose first parameter is a {@link ReducerContext} and
 * whose other parameters are its arguments. A reducer runs as one transaction: it sees its own
 * writes, and if it throws (for example a {@link ReducerException}) none of them happen. It must be
 * deterministic: time and randomness only from the context.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Reducer {
  /** The reducer name; by default the method name in snake_case. */
  String name() default "";

  Visibility visibility() default Visibility.PUBLIC;
}
