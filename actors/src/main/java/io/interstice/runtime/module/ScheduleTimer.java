package io.interstice.runtime.module;

import io.interstice.runtime.module.ModuleActor.Command;
import io.interstice.runtime.module.ModuleActor.FireSchedules;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.state.ModuleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The clock side of a module's {@link Schedules}: one timer set to the earliest due schedule, and
 * which due schedules are already queued to run, so that a timer firing again before the batch runs
 * does not queue one twice. The schedules themselves change only through the log; running one is
 * {@link WorkExecutor}'s job.
 *
 * <p>Not thread-safe: confined to the module actor's thread, like the timer scheduler it uses.
 */
final class ScheduleTimer {
  /**
   * Longest timer the module sets. Pekko's scheduler refuses delays past about 248 days, and a
   * refused timer stopped the module, on every recovery; a schedule further ahead is reached by
   * waking once a day and setting the timer again.
   */
  static final Duration MAX_TIMER_DELAY = Duration.ofDays(1);

  private final ModuleContext module;
  private final TimerScheduler<Command> timers;
  private final Set<Long> queued = new HashSet<>();

  ScheduleTimer(ModuleContext module, TimerScheduler<Command> timers) {
    this.module = module;
    this.timers = timers;
  }

  /** Sets the timer to the earliest due schedule, or cancels it when there is none. */
  void arm(ModuleState state) {
    long due = state.schedules().earliestDue();
    if (due == Long.MAX_VALUE || state.stage() != ModuleState.Stage.RUNNING) {
      timers.cancel(FireSchedules.INSTANCE);
      return;
    }
    long delay = Math.max(0, Micros.plus(due, -module.nowMicros()));
    long capped = Math.min(delay, Micros.of(MAX_TIMER_DELAY));
    timers.startSingleTimer(FireSchedules.INSTANCE, Duration.ofNanos(capped * 1_000));
  }

  /** The ids of the schedules due now that are not queued yet, from now on counted as queued. */
  List<Long> takeDue(ModuleState state) {
    long now = module.nowMicros();
    var due = new ArrayList<Long>();
    for (var schedule : state.schedules().all()) {
      if (schedule.dueMicros() <= now && queued.add(schedule.id())) {
        due.add(schedule.id());
      }
    }
    return due;
  }

  /** A queued schedule was taken out of the queue to run. */
  void dequeued(long id) {
    queued.remove(id);
  }
}
