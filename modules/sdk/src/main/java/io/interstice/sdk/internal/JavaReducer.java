package io.interstice.sdk.internal;

import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.schema.ReducerSchema;

/**
 * A reducer of a Java module, ready to call: its schema and the bound method. Immutable and
 * thread-safe as far as the module code is.
 */
public final class JavaReducer {
  private final ReducerSchema schema;
  private final Invoker invoker;

  JavaReducer(ReducerSchema schema, Invoker invoker) {
    this.schema = schema;
    this.invoker = invoker;
  }

  public ReducerSchema schema() {
    return schema;
  }

  /** The Java method, as {@code bank.transfer(ReducerContext, long, long, long)}. */
  public String location() {
    return invoker.location();
  }

  /**
   * Runs the reducer. {@code args} are values of the schema's parameter types (as decoded by {@link
   * io.interstice.sdk.codec.RowCodec} or {@link io.interstice.sdk.json.ValueJson}). Exceptions of
   * the module code, {@link io.interstice.sdk.ReducerException} included, pass through; checked
   * ones arrive wrapped in {@link InvocationFailedException}.
   *
   * @throws io.interstice.sdk.value.ValueTypeException when the arguments do not match the
   *     parameters
   */
  public void invoke(ReducerContext context, Object[] args) {
    invoker.invoke(context, args);
  }

  @Override
  public String toString() {
    return "JavaReducer[" + schema.name() + " = " + invoker.location() + "]";
  }
}
