package io.interstice.runtime.trace;

import io.interstice.runtime.module.state.Trigger;
import java.util.List;

/**
 * One traced reducer call, with the {@link System#nanoTime()} instants that bound its stages: queue
 * ({@code received} to {@code started}), reducer ({@code started} to {@code ran}), persist — the
 * atomic write of its batch, the journal's write and force included — ({@code persisting} to {@code
 * persisted}) and reply ({@code persisted} to {@code replied}: answering the batch's callers,
 * publishing to live subscribers, handing the outbox on). The journal's force inside persist is
 * recorded apart ({@link TraceRecording#forced}) and matched at export.
 *
 * @param module the module that ran it
 * @param reducer its reducer
 * @param txId its transaction, or 0 when it was refused and logged nothing
 * @param trigger what started it, which links it to its cause; null for a refused client call
 * @param error why it failed, or null
 * @param sent the outbox entries it produced, as {@code target#seq}: deliveries and calls it causes
 * @param scheduled the ids of the schedules it created, whose runs it causes
 */
public record CallSpan(
    String module,
    String reducer,
    long txId,
    Trigger trigger,
    String error,
    List<String> sent,
    List<Long> scheduled,
    long received,
    long started,
    long ran,
    long persisting,
    long persisted,
    long replied) {}
