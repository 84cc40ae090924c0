package io.interstice.sdk.internal;

import io.interstice.sdk.QueryContext;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.value.ValueTypeException;

/**
 * A query of a Java module, ready to call: its schema, the bound method and the converter of its
 * result. Immutable and thread-safe as far as the module code is.
 */
public final class JavaQuery {
  private final QuerySchema schema;
  private final Invoker invoker;
  private final Converter result;

  JavaQuery(QuerySchema schema, Invoker invoker, Converter result) {
    this.schema = schema;
    this.invoker = invoker;
    this.result = result;
  }

  public QuerySchema schema() {
    return schema;
  }

  /** The Java method, as {@code bank.balanceOf(QueryContext, long)}. */
  public String location() {
    return invoker.location();
  }

  /**
   * Runs the query and returns its result as a value of the schema's result type.
   *
   * @throws ValueTypeException when the arguments do not match the parameters, or the method
   *     returned {@code null} for a result type that is not an option
   */
  public Object invoke(QueryContext context, Object[] args) {
    var javaResult = invoker.invoke(context, args);
    try {
      return result.toValue(javaResult);
    } catch (ValueTypeException e) {
      throw e.under(invoker.location() + " result");
    }
  }

  @Override
  public String toString() {
    return "JavaQuery[" + schema.name() + " = " + invoker.location() + "]";
  }
}
