package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpBenchReportTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void shouldWriteEachRowWithItsShareOfTheInProcessRow() throws Exception {
    var json = ReportFixtures.http(15100.0).json();
    var rows = mapper.readTree(json).get("rows");
    assertEquals(4, rows.size());
    assertEquals(
        List.of(
            "row",
            "connections",
            "inFlight",
            "committed",
            "refused",
            "seconds",
            "committedPerSecond",
            "refusedPerSecond",
            "p50Micros",
            "p99Micros",
            "maxMicros",
            "loadAverage",
            "senderCpuMicros",
            "shareOfInProcess"),
        ReportFixtures.fieldNames(rows.get(2)));
    assertTrue(json.contains("\"shareOfInProcess\" : 1.000\n"), json);
    assertTrue(json.contains("\"shareOfInProcess\" : 0.100\n"), json);
  }

  @Test
  void shouldCallTheWebSocketTargetMetAtHalfTheInProcessThroughput() throws Exception {
    var report = ReportFixtures.http(15100.0);
    assertTrue(report.markdown().contains("of in-process (committed tx/s): met (50 %)"));
    var target = mapper.readTree(report.json()).get("targets").get(0);
    assertTrue(target.get("met").asBoolean());
  }

  @Test
  void shouldSayNotMetBelowHalf() throws Exception {
    var report = ReportFixtures.http(3000.0);
    assertTrue(report.markdown().contains(": NOT met (10 %)"), report.markdown());
    assertEquals(
        false, mapper.readTree(report.json()).get("targets").get(0).get("met").asBoolean());
  }

  @Test
  void shouldReadBackTheRowTheLoadProcessPrinted() throws Exception {
    var row =
        new HttpBenchResult(
            HttpBenchResult.WEBSOCKET,
            4,
            1000,
            12000,
            300,
            4.0001,
            812.34,
            2301.06,
            9000.0,
            1.5,
            21.25);
    var read = HttpBenchResult.of(mapper.readTree(ReportJson.line(row.json())));
    assertEquals(row.committed(), read.committed());
    assertEquals(812.3, read.p50Micros());
    assertEquals(4.0, read.seconds());
    assertEquals(21.3, read.senderCpuMicros());
  }

  @Test
  void shouldStateTheLoadAveragesBeforeAndAfter() {
    assertTrue(
        ReportFixtures.http(15100.0).markdown().contains("9.30 8.48 6.75 before, 10.01 8.69 6.84"));
  }
}
