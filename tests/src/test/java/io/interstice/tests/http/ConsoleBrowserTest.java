package io.interstice.tests.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * The web console in headless Chromium against a real {@code interstice node} with a token: nothing
 * shown before the token, a wrong one refused, the bank deployed through the deploy form, accounts
 * opened and a transfer made through the reducer forms, the balance changing in the table view of
 * another tab without a reload, a refusal shown, live charts, and screenshots of each view under
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {
  private static final String TOKEN = "browser-s3cret";
  private static final By VIEW = By.id("view");

  @TempDir java.nio.file.Path dir;

  @Test
  void shouldDeployCallAndWatchTheBankThroughTheConsole() throws Exception {
    try (var node =
            NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"), "--token", TOKEN);
        var browser = HeadlessChromium.start()) {
      var driver = browser.driver();
      driver.get(node.url() + "/");

      // Without the token: the prompt, and nothing of the node.
      browser.visible(By.cssSelector("#login input[name=token]"));
      assertTrue(driver.findElements(By.cssSelector("#view *")).isEmpty());
      assertFalse(driver.findElement(By.id("nav")).isDisplayed());
      browser.screenshot("01-token-prompt");
      login(browser, "wrong");
      browser.waitForText(By.id("login-error"), "That token was refused.");
      assertTrue(driver.findElements(By.cssSelector("#view *")).isEmpty());

      login(browser, TOKEN);
      browser.waitForText(By.id("members"), "this node");
      browser.waitForText(By.id("node-name"), "node node-1");
      assertTrue(browser.waitForText(By.id("members"), "up").getText().contains("leader"));

      // Deploy the bank through the form.
      open(browser, "modules");
      browser.type(
          browser.visible(By.cssSelector("#deploy input[name=javaClass]")), "nope.Nothing");
      driver.findElement(By.cssSelector("#deploy button")).click();
      browser.waitForText(By.id("deploy-result"), "BAD_MODULE");
      browser.type(
          driver.findElement(By.cssSelector("#deploy input[name=javaClass]")),
          io.interstice.examples.bank.Bank.class.getName());
      driver.findElement(By.cssSelector("#deploy button")).click();
      browser.waitForText(By.id("deploy-result"), "deployed bank version 1");
      browser.waitForText(By.id("schema"), "transfer");
      browser.waitForText(By.id("history"), "deployed");
      browser.waitForText(By.id("modules"), "bank");

      // Open two accounts through the reducer form.
      open(browser, "calls");
      call(browser, "reducer:open", "committed", "owner", "alice", "initial_balance", "100");
      call(browser, "reducer:open", "committed", "owner", "bob", "initial_balance", "0");

      // The table, live: this tab keeps watching while another tab makes the transfer.
      open(browser, "tables");
      browser.waitForText(By.id("live-status"), "live");
      var aliceBalance = By.cssSelector("#rows tr[data-key='1'] td[data-col=balance]");
      var bobBalance = By.cssSelector("#rows tr[data-key='2'] td[data-col=balance]");
      browser.waitForText(aliceBalance, "100");
      driver.executeScript("window.notReloaded = true;");
      var watching = driver.getWindowHandle();

      driver.switchTo().newWindow(WindowType.TAB);
      driver.get(node.url() + "/#calls");
      // A new tab holds no token: the prompt again, and none of the node's data.
      browser.visible(By.cssSelector("#login input[name=token]"));
      assertFalse(browser.pageText().contains("alice"), browser.pageText());
      login(browser, TOKEN);
      call(browser, "reducer:transfer", "committed", "from", "1", "to", "2", "amount", "30");
      var refusal =
          call(
              browser,
              "reducer:transfer",
              "REDUCER_FAILED",
              "from",
              "2",
              "to",
              "1",
              "amount",
              "500");
      assertTrue(refusal.contains("insufficient funds: account 2 has 30, needs 500"), refusal);
      assertTrue(
          call(browser, "query:balance", "result: 70", "account", "1").contains("result: 70"));
      browser.screenshot("04-calls");

      driver.switchTo().window(watching);
      browser.waitForText(aliceBalance, "70");
      browser.waitForText(bobBalance, "30");
      assertEquals(true, driver.executeScript("return window.notReloaded === true;"));
      assertEquals(1, driver.findElements(By.cssSelector("#rows tr.changed[data-key='1']")).size());
      browser.screenshot("03-tables");

      // Live charts, while transfers go on over HTTP.
      node.withToken(TOKEN);
      var busy = new AtomicBoolean(true);
      var load = Executors.newSingleThreadExecutor();
      load.submit(
          () -> {
            while (busy.get()) {
              node.postJson("/v1/modules/bank/reducers/transfer", "[1, 2, 1]");
              node.postJson("/v1/modules/bank/reducers/transfer", "[2, 1, 1]");
            }
            return null;
          });
      try {
        open(browser, "log");
        browser.waitForSamples("Appended bytes per second", 4);
        browser.waitForText(By.cssSelector("[data-chart='Segments'] .reading"), "1 files");
        browser.screenshot("06-log");
        open(browser, "modules");
        var txRate = By.cssSelector("[data-chart='bank: transactions per second'] .reading");
        browser.waitForSamples("bank: transactions per second", 5);
        assertFalse(driver.findElement(txRate).getText().startsWith("0 "));
        browser.screenshot("02-modules");
      } finally {
        busy.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
      }
      open(browser, "cluster");
      browser.waitForText(By.id("placement"), "bank");
      browser.screenshot("05-cluster");

      // Forgetting the token hides everything again.
      driver.findElement(By.id("forget")).click();
      browser.visible(By.cssSelector("#login input[name=token]"));
      assertTrue(driver.findElements(By.cssSelector("#view *")).isEmpty());
      for (var shot : new String[] {"01-token-prompt", "02-modules", "03-tables", "04-calls"}) {
        assertTrue(Files.size(HeadlessChromium.SCREENSHOTS.resolve(shot + ".png")) > 1_000);
      }
    }
  }

  private static void login(HeadlessChromium browser, String token) {
    var field = browser.visible(By.cssSelector("#login input[name=token]"));
    browser.type(field, token);
    browser.driver().findElement(By.cssSelector("#login button")).click();
  }

  private static void open(HeadlessChromium browser, String view) {
    browser.visible(By.cssSelector("#nav button[data-view=" + view + "]")).click();
    browser.visible(By.cssSelector("#view[data-view=" + view + "]"));
  }

  /**
   * Fills the form of a reducer or query ({@code kind:name}) with name/value pairs, submits it,
   * waits for its answer to contain {@code expected}, and answers the answer.
   */
  private static String call(
      HeadlessChromium browser, String form, String expected, String... fields) {
    var selector = "form[data-call='" + form + "']";
    browser.visible(By.cssSelector(selector));
    for (int i = 0; i < fields.length; i += 2) {
      browser.type(
          browser.driver().findElement(By.cssSelector(selector + " input[name=" + fields[i] + "]")),
          fields[i + 1]);
    }
    browser.driver().findElement(By.cssSelector(selector + " button")).click();
    return browser.waitForText(By.cssSelector(selector + " output"), expected).getText();
  }
}
