package io.interstice.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a reducer run whenever a row of some table (of this or another module) changes, as in
 * {@code @Subscribe("chat.messages.insert")}. The pattern is {@code <module>.<table>.<event>} with
 * event {@code insert}, {@code update} or {@code delete}. The reducer takes a {@link
 * ReducerContext} and the changed row (the new row for insert, old and new for update, the old row
 * for delete), runs in its own transaction after the change commits, exactly once. Private unless
 * also annotated {@link Reducer} with another visibility.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Subscribe {
  /** The event pattern, e.g. {@code chat.messages.insert}. */
  String value();
}
