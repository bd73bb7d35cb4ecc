package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imihub.app.support.HeadlessBrowser;
import org.imihub.app.support.HubIT;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The operators' console in a real headless Chromium: the management port's login page, then Hawtio
 * with the hub's Camel routes; a viewer's change through the console's own session is refused, an
 * operator's goes through. Skipped where no Chromium is installed.
 */
class ConsoleIT extends HubIT {
  @LocalManagementPort int managementPort;

  @Test
  void operatorsSignInOnceAndSeeTheHubInHawtio() throws Exception {
    Path chromium = HeadlessBrowser.findOrInstall().orElse(null);
    Assumptions.assumeTrue(
        chromium != null, "no Chromium, and it could not be installed: the console is not tested");
    String console = "http://127.0.0.1:" + managementPort + "/actuator/hawtio/";
    try (HeadlessBrowser browser = new HeadlessBrowser(chromium)) {
      // Nothing without a login: the console sends the browser to the login page.
      browser.open(console);
      assertThat(browser.address()).endsWith("/login");

      // A wrong password is refused, and the page says so.
      signIn(browser, "viewer", "not-the-password");
      // The login page's address changes a moment before its text is there: wait for both.
      browser.waitFor(
          "location.search.includes('error')"
              + " && document.body && document.body.innerText.includes('Invalid credentials')");
      assertThat(browser.text()).contains("Invalid credentials");

      // A viewer lands in Hawtio, which reads the hub's routes through the same session and draws
      // them, down to the ingest route's steps.
      signIn(browser, "viewer", "demo-viewer");
      browser.waitFor("document.body.innerText.includes('deadline-watch')");
      browser.waitFor("document.body.innerText.includes('verify-signature')");
      assertThat(browser.text())
          .contains("ingest")
          .contains("delivery")
          .contains("deadline-watch")
          .doesNotContain("Log in");
      Files.write(Path.of("target", "console.png"), browser.screenshot());

      // The broker's addresses and queues, in the JMX tree.
      browser.open(console + "jmx");
      browser.waitFor("document.body.innerText.includes('org.apache.activemq.artemis')");
      browser.evaluate(
          "[...document.querySelectorAll('button')].find(b => b.innerText.includes('Expand"
              + " all')).click(); true");
      browser.waitFor("document.body.innerText.includes('hub.delivery.dlq')");
      assertThat(browser.text()).contains("hub.delivery").contains("hub.delivery.paused");

      // Refused by Jolokia's restrictor (its own answer), not by a missing CSRF token.
      assertThat(runGarbageCollectionFromTheConsole(browser))
          .contains("\"status\":403")
          .contains("\"error_type\"");

      browser.forgetCookies();
      browser.open(console);
      signIn(browser, "operator", "demo-operator");
      browser.waitFor("document.body.innerText.includes('deadline-watch')");
      assertThat(runGarbageCollectionFromTheConsole(browser))
          .contains("\"status\":200")
          .contains("\"operation\":\"gc\"");
    }
  }

  private static void signIn(HeadlessBrowser browser, String name, String password) {
    browser.waitFor("document.querySelector('#username') !== null");
    browser.evaluate(
        "document.querySelector('#username').value = '"
            + name
            + "'; document.querySelector('#password').value = '"
            + password
            + "'; document.querySelector('form').submit(); true");
  }

  // The request the console itself sends to run an operation: the session cookie, and the CSRF
  // token read from the XSRF-TOKEN cookie.
  private static String runGarbageCollectionFromTheConsole(HeadlessBrowser browser) {
    return browser.evaluate(
        "fetch('/actuator/jolokia', {method: 'POST', headers: {'Content-Type': 'application/json',"
            + " 'X-XSRF-TOKEN': decodeURIComponent((document.cookie.match(/XSRF-TOKEN=([^;]+)/)"
            + " || [])[1] || '')}, body: JSON.stringify({type: 'exec', mbean:"
            + " 'java.lang:type=Memory', operation: 'gc'})}).then(r => r.text())");
  }
}
