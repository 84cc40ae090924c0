package io.interstice.runtime.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.Deque;

/**
 * Chicory's interpreter with the call-depth limit: every call, direct, indirect or from the host,
 * passes through {@link #call(MStack, Instance, Deque, int, long[], FunctionType, boolean)}, where
 * the interpreter's own frame stack gives the depth. Trapping there also keeps a recursing guest
 * from running the JVM thread out of stack, since each nested guest call is a few nested Java
 * frames.
 */
final class DepthLimitedInterpreter extends InterpreterMachine {
  /**
   * Makes {@code br_if} and {@code br_table} check for the time limit's interrupt, as {@code br}
   * and calls do: Chicory 1.7.5's interpreter checks only those, so {@code loop … br_if 0 end}, the
   * usual shape of a loop, would spin past the deadline for ever. Install it on every interpreted
   * instance ({@code Instance.Builder.withUnsafeExecutionListener}).
   */
  static final ExecutionListener INTERRUPTIBLE_BRANCHES =
      (instruction, stack) -> {
        var opcode = instruction.opcode();
        if ((opcode == OpCode.BR_IF || opcode == OpCode.BR_TABLE)
            && Thread.currentThread().isInterrupted()) {
          throw new ChicoryInterruptedException("Thread interrupted");
        }
      };

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
