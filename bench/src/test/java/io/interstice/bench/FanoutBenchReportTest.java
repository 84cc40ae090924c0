package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanoutBenchReportTest {
  private final String json = ReportFixtures.fanout().json();

  @Test
  void shouldWriteOneRowPerSubscriberCountWithEveryFigure() throws Exception {
    var row = new ObjectMapper().readTree(json).get("results").get(1);
    var names = ReportFixtures.fieldNames(row);
    assertEquals(
        List.of(
            "subscribers",
            "callers",
            "seconds",
            "posts",
            "deliveries",
            "postsPerSecond",
            "deliveriesPerSecond",
            "keptUp",
            "delayP50Micros",
            "delayP99Micros",
            "delayMaxMicros",
            "postP50Micros",
            "postP99Micros",
            "drainSeconds",
            "exactlyOnce",
            "missing",
            "cpuMicrosPerTx",
            "loadAverage"),
        names);
    assertEquals(10, row.get("missing").asLong());
  }

  @Test
  void shouldStateFiguresWithTheirFixedDecimals() {
    assertTrue(json.contains("\"seconds\" : 10.000,"), json);
    assertTrue(json.contains("\"drainSeconds\" : 0.13,"), json);
    assertTrue(json.contains("\"cpuMicrosPerTx\" : 88.89,"), json);
  }
}
