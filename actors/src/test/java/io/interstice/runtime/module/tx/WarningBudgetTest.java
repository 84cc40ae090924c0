package io.interstice.runtime.module.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WarningBudgetTest {
  @Test
  void shouldWriteTwentyWarningsAMinuteThenSayHowManyWereLeftOut() {
    var now = new AtomicLong();
    var budget = new WarningBudget("spammer", now::get);
    var log = (Logger) LoggerFactory.getLogger("warning-budget-test");
    var lines = new ListAppender<ILoggingEvent>();
    lines.start();
    log.addAppender(lines);
    int allowed = 0;
    for (int i = 0; i < 1_000; i++) {
      if (budget.allow(log)) {
        allowed++;
      }
    }
    assertEquals(WarningBudget.PER_MINUTE, allowed);
    assertTrue(lines.list.isEmpty());

    now.addAndGet(61_000_000_000L);
    assertTrue(budget.allow(log), "a new minute");
    assertEquals(1, lines.list.size());
    var summary = lines.list.get(0).getFormattedMessage();
    assertTrue(summary.contains("980 more failure warnings were left out"), summary);
  }
}
