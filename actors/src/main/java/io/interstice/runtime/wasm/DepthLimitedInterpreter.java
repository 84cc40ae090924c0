package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Deque;

/**
 * Chicory's interpreter with the call-depth limit: every call, direct, indirect or from the host,
 * passes through {@link #call(MStack, Instance, Deque, int, long[], FunctionType, boolean)}, where
 * the interpreter's own frame stack gives the depth. Trapping there also keeps a recursing guest
 * from running the JVM thread out of stack, since each nested guest call is a few nested Java
 * frames.
 */
final class DepthLimitedInterpreter extends InterpreterMachine {
  private final int maxDepth;

  DepthLimitedInterpreter(Instance instance, int maxDepth) {
    super(instance);
    this.maxDepth = maxDepth;
  }

  @Override
  protected long[] call(
      MStack stack,
      Instance instance,
      Deque<StackFrame> callStack,
      int funcId,
      long[] args,
      FunctionType callType,
      boolean popResults) {
    if (callStack.size() >= maxDepth) {
      throw WasmLimitException.callDepth(maxDepth);
    }
    return super.call(stack, instance, callStack, funcId, args, callType, popResults);
  }
}
