package io.interstice.tests.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its {@code chromedriver} (both installed by {@code
 * .ci/run}), named explicitly so that Selenium never looks for a driver on the network; a window of
 * 1280x800, explicit waits, and screenshots kept under {@code target/console-screenshots/}.
 *
 * <p>Not thread-safe: one test drives it.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, WAIT);
  }

  /**
   * Starts the browser.
   *
   * @throws IllegalStateException when Chromium or its driver is not installed
   */
  static HeadlessChromium start() {
    for (var program : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(program)) {
        throw new IllegalStateException(
            program + " is missing: apt-get install -y chromium chromium-driver (.ci/run does)");
      }
    }
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,800",
        "--force-device-scale-factor=1");
    var driver = new ChromeDriver(service, options);
    // The page itself 1280x800, whatever the window's frame takes.
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        java.util.Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    return new HeadlessChromium(driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The element, once it is visible. */
  WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits until the element's text contains {@code text}; answers the element. */
  WebElement waitForText(By by, String text) {
    wait.withMessage(() -> "no " + by + " containing " + text + "; page: " + pageText())
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by);
  }

  /** Waits until the chart of that title has drawn at least {@code samples} samples. */
  void waitForSamples(String chart, int samples) {
    var by = By.cssSelector("figure[data-chart='" + chart + "']");
    wait.withMessage(() -> "chart " + chart + " has fewer than " + samples + " samples")
        .until(
            d -> {
              var drawn = d.findElement(by).getDomAttribute("data-samples");
              return drawn != null && Integer.parseInt(drawn) >= samples;
            });
  }

  String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** Fills a form's field: clears it and types {@code value}. */
  void type(WebElement field, String value) {
    field.clear();
    field.sendKeys(value);
  }

  /** Saves what the window shows as {@code target/console-screenshots/<name>.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    var file = SCREENSHOTS.resolve(name + ".png");
    File taken = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(taken.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
