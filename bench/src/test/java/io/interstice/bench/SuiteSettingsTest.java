package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteSettingsTest {

  @Test
  void shouldRestartTenThousandModulesWithTwelveGigabytesInTheFullRun() {
    var step = manyModules(SuiteSettings.parse(new String[0]).steps());

    assertTrue(step.args().contains("--modules=10000"), step.args().toString());
    assertTrue(step.args().contains("--heap=12g"), step.args().toString());
    assertEquals(ManyModulesReport.NAME, step.report());
  }

  @Test
  void shouldLeaveTheRestartOutOfTheQuickRunUnlessNamed() {
    var quick = SuiteSettings.parse(new String[] {"--quick"}).steps();
    var named = SuiteSettings.parse(new String[] {"--quick", "--only=many-modules"}).steps();

    assertFalse(quick.stream().anyMatch(s -> s.name().equals(ManyModulesReport.NAME)));
    assertEquals(1, named.size());
    assertTrue(named.get(0).args().contains("--modules=1000"), named.get(0).args().toString());
  }

  @Test
  void shouldRestartAHandfulOfModulesInTheTinyRun() {
    var step = manyModules(SuiteSettings.parse(new String[] {"--tiny"}).steps());

    assertTrue(step.args().contains("--modules=20"), step.args().toString());
  }

  private static SuiteStep manyModules(List<SuiteStep> steps) {
    return steps.stream()
        .filter(s -> s.name().equals(ManyModulesReport.NAME))
        .findFirst()
        .orElseThrow();
  }
}
