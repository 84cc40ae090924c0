package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reports of made-up runs, with figures that need rounding, for the reports' JSON tests. */
final class ReportFixtures {
  static final OffsetDateTime DATE = OffsetDateTime.of(2026, 12, 6, 15, 0, 0, 0, ZoneOffset.UTC);
  static final Machine MACHINE =
      new Machine(2, "AMD \"EPYC\"", "Linux 6.1 amd64", "OpenJDK 17", 6028, "/dev/vda (ext4)");

  private ReportFixtures() {}

  static JournalBenchReport journal() {
    var results =
        List.of(
            new RunResult(
                "binary-log",
                1,
                1,
                32020,
                8.0001,
                240.64,
                300.1,
                383.0,
                400.2,
                21482.04,
                144.6,
                1.456),
            new RunResult(
                "naive-fsync-per-event",
                1,
                1,
                32247,
                8.0,
                230.4,
                300.0,
                419.8,
                500.0,
                63447.1,
                131.17,
                1.47),
            new RunResult("inmem", 1, 1, 1364036, 8.0, 3.2, 10.0, 30.1, 80.0, 90520.1, 11.22, 2.99),
            new RunResult(
                "binary-log",
                100,
                1,
                1010960,
                8.0,
                708.6,
                1000.0,
                1400.8,
                2000.0,
                110797.3,
                10.35,
                2.99),
            new RunResult(
                "naive-fsync-per-event",
                100,
                1,
                42764,
                8.0,
                18219.0,
                20000.0,
                25559.0,
                30000.0,
                43601.2,
                123.0,
                2.68),
            new RunResult(
                "inmem", 100, 1, 2171472, 8.0, 179.2, 500.0, 1531.9, 3000.0, 193953.7, 6.39, 2.66));
    var replays = List.of(new ReplayResult("binary-log", 100_000, 1.23, 456, 100_000, 1024));
    return new JournalBenchReport(
        DATE, MACHINE, BenchSettings.parse(new String[0]), results, replays);
  }

  static FanoutBenchReport fanout() {
    var results =
        List.of(
            new FanoutResult(
                1, 64, 10.0004, 41234, 41230, 812.34, 2301.06, 9000.0, 500.55, 900.1, 0.125, true,
                0, 88.888, 1.5),
            new FanoutResult(
                16, 64, 10.0, 20000, 319990, 1812.3, 5301.0, 19000.0, 700.0, 1900.0, 1.0, false, 10,
                40.0, 1.99));
    return new FanoutBenchReport(DATE, MACHINE, FanoutSettings.parse(new String[0]), results);
  }

  static TransferBenchReport transfer() {
    var settings = TransferSettings.parse(new String[] {"--modules=java,wasm-compiled"});
    var transfers =
        List.of(
            transfer("java", "durable", 52000.4),
            transfer("java", "inmem", 90000.0),
            transfer("wasm-compiled", "durable", 31000.25),
            transfer("wasm-compiled", "inmem", 45000.0));
    var recoveries =
        List.of(
            new RecoveryResult(
                "snapshot every 100000",
                100000,
                1000000,
                12.34,
                123456789,
                1000000,
                0,
                1000000,
                812,
                850,
                3000,
                true));
    return new TransferBenchReport(DATE, MACHINE, settings, transfers, recoveries);
  }

  static HttpBenchReport http(double websocketPerSecond) {
    var settings = HttpBenchSettings.parse(new String[] {"--quick"});
    var results =
        List.of(
            http(HttpBenchResult.IN_PROCESS, 0, 1000, 30000.4),
            http(HttpBenchResult.HTTP, 64, 64, 3000.06),
            http(HttpBenchResult.WEBSOCKET, 4, 1000, websocketPerSecond / 2),
            http(HttpBenchResult.WEBSOCKET_BATCHED, 4, 1000, websocketPerSecond));
    return new HttpBenchReport(
        DATE, MACHINE, "9.30 8.48 6.75", "10.01 8.69 6.84", settings, results);
  }

  /**
   * A ClusterBench report with failovers of {@code failoverMillis} and a single-node call row
   * beside a three-node row of each routing; the three-node spread row does a tenth of the single
   * node's calls/s.
   */
  static ClusterBenchReport cluster(double... failoverMillis) {
    var settings = ClusterBenchSettings.parse(new String[] {"--quick"});
    var trials = new ArrayList<FailoverTrial>();
    for (int i = 0; i < failoverMillis.length; i++) {
      trials.add(
          new FailoverTrial(
              i + 1,
              "node-" + (i % 3 + 1),
              "node-" + ((i + 1) % 3 + 1),
              failoverMillis[i],
              3073.456,
              i == 0 ? -1 : 6483.21,
              8,
              Map.of("TIMEOUT", 7),
              8900.04));
    }
    var calls =
        List.of(
            cluster(1, "spread", 20000.0),
            cluster(3, "spread", 2000.0),
            cluster(3, "direct", 3000.0));
    return new ClusterBenchReport(
        DATE, MACHINE, "0.26 1.06 1.38", "8.08 3.96 2.39", settings, trials, calls);
  }

  /** The text of every element of {@code array}, in order. */
  static List<String> textValues(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** The member names of {@code object}, in the order the report wrote them. */
  static List<String> fieldNames(JsonNode object) {
    var names = new ArrayList<String>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static TransferResult transfer(String module, String journal, double perSecond) {
    return new TransferResult(
        module,
        journal,
        1000,
        Math.round(perSecond * 10),
        1234,
        10.0,
        1700.06,
        3000.0,
        5400.55,
        8000.0,
        90000.0,
        40.125,
        1.999,
        812,
        0.456);
  }

  private static ClusterCallsResult cluster(int nodes, String routing, double perSecond) {
    return new ClusterCallsResult(
        nodes,
        routing,
        6,
        nodes == 1 ? "6" : "2/2/2",
        6,
        1000,
        nodes == 1 || routing.equals("direct") ? 0 : 0.6667,
        Math.round(perSecond * 5),
        12,
        5.0,
        55837.2,
        256901.0,
        459178.0,
        21.84,
        94.44,
        13.04);
  }

  private static HttpBenchResult http(String row, int connections, int inFlight, double perSecond) {
    return new HttpBenchResult(
        row,
        connections,
        inFlight,
        Math.round(perSecond * 4),
        123,
        4.0,
        1700.06,
        5400.55,
        90000.0,
        9.999,
        12.5);
  }
}
