package io.interstice.runtime.module.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Rejected messages are logged once per burst, summed up now and then, not once each. */
class RejectionsTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(RejectionsTest.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Rejections rejections = new Rejections("caller", logger, 10, 64);

  RejectionsTest() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  private List<String> lines() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void shouldLogTheFirstRejectionAndSumUpTheBurstOncePerSummaryPeriod() {
    for (int seq = 1; seq <= 1_000; seq++) {
      rejections.rejected("ghost", seq, "module ghost is not deployed");
    }
    assertEquals(1, lines().size(), lines().toString());
    for (int tick = 0; tick < 9; tick++) {
      rejections.tick();
    }
    assertEquals(1, lines().size());
    rejections.tick();
    assertEquals(2, lines().size());
    assertEquals(
        "module caller: 999 more messages to ghost, up to #1000, were dropped:"
            + " module ghost is not deployed",
        lines().get(1));
    for (int tick = 0; tick < 100; tick++) {
      rejections.tick();
    }
    assertEquals(2, lines().size(), "a quiet burst says nothing more");
    rejections.rejected("ghost", 1_001, "module ghost is not deployed");
    assertEquals(3, lines().size(), "a burst after a quiet spell is logged anew");
  }

  @Test
  void shouldEndABurstWhenTheTargetAcceptsAndCutLongReasons() {
    rejections.rejected("ghost", 1, "r".repeat(10_000));
    rejections.rejected("ghost", 2, "r".repeat(10_000));
    rejections.accepted("ghost");
    assertEquals(2, lines().size(), lines().toString());
    assertTrue(lines().get(1).startsWith("module caller: 1 more messages to ghost"));
    assertTrue(lines().get(0).length() < 300, lines().get(0));
  }
}
