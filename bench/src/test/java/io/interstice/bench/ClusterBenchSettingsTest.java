package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterBenchSettingsTest {
  @Test
  void shouldMeasureFiveFailoversAndOneAndThreeNodesByDefault() {
    var settings = ClusterBenchSettings.parse(new String[0]);
    assertEquals(5, settings.trials());
    assertEquals(List.of(1, 3), settings.nodes());
    assertEquals(
        List.of(ClusterCalls.Routing.SPREAD, ClusterCalls.Routing.DIRECT), settings.routings());
    assertEquals(Path.of("/tmp", "interstice-cluster-bench"), settings.dataDir());
  }

  @Test
  void shouldShortenEverythingWhenQuickButLetGivenOptionsWin() {
    var settings = ClusterBenchSettings.parse(new String[] {"--trials=3", "--quick"});
    assertEquals(3, settings.trials());
    assertEquals(Duration.ofSeconds(3), settings.warmup());
    assertEquals(Duration.ofSeconds(5), settings.measure());
  }

  @Test
  void shouldSkipTheCallRowsForAnEmptyNodeList() {
    assertEquals(List.of(), ClusterBenchSettings.parse(new String[] {"--nodes="}).nodes());
  }

  @Test
  void shouldRefuseMoreModulesThanThereAreBankClasses() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterBenchSettings.parse(new String[] {"--modules=17"}));
  }

  @Test
  void shouldRefuseAClusterWithANodeWithoutAConnection() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterBenchSettings.parse(new String[] {"--nodes=3", "--connections=2"}));
  }

  @Test
  void shouldRefuseAnUnknownRouting() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterBenchSettings.parse(new String[] {"--routing=nearest"}));
  }
}
