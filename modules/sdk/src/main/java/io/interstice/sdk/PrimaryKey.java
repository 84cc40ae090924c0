package io.interstice.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component that is the table's primary key. With {@code autoIncrement} (only for
 * {@code int} and {@code long} keys) the runtime generates the key on insert and ignores the key of
 * the record passed in.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PrimaryKey {
  boolean autoIncrement() default false;
}
