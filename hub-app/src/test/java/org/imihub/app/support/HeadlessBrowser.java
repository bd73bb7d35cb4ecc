package org.imihub.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real headless Chromium, driven over the DevTools protocol with the JDK's own WebSocket: enough
 * to open a page, type into it and read what it shows, without a browser-driver dependency. Tests
 * that need it install Chromium when it is missing ({@link #findOrInstall()}).
 */
public final class HeadlessBrowser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  /**
   * The installed Chromium or Chrome; where there is none, Debian's {@code chromium} is installed
   * with apt-get (as root, or with password-less sudo). Empty if that cannot be done.
   */
  public static synchronized Optional<Path> findOrInstall() throws InterruptedException {
    Optional<Path> found = find();
    if (found.isPresent() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      return found;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> sudo = root ? List.of() : List.of("sudo", "-n");
    if (run(concat(sudo, List.of("apt-get", "update", "-q")))
        && run(
            concat(
                sudo,
                List.of(
                    "apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium")))) {
      return find();
    }
    return Optional.empty();
  }

  private static boolean run(List<String> command) throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(10, TimeUnit.MINUTES) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }

  /** The installed Chromium or Chrome, if any. */
  private static Optional<Path> find() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .flatMap(
            dir ->
                Stream.of("chromium", "chromium-browser", "google-chrome")
                    .map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  public HeadlessBrowser(Path executable) throws Exception {
    profile = Files.createTempDirectory("imi-hub-browser");
    process =
        new ProcessBuilder(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--window-size=1280,800",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    URI browser = devToolsAddress();
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://" + browser.getAuthority() + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageAddress = null;
    for (JsonNode target : targets) {
      if ("page".equals(target.path("type").asText())) {
        pageAddress = target.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageAddress == null) {
      throw new IllegalStateException("Chromium opened no page");
    }
    page =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageAddress), new Answers())
            .get(30, TimeUnit.SECONDS);
  }

  /** Opens an address and waits until the page has loaded. */
  public void open(String address) {
    call("Page.navigate", JSON.createObjectNode().put("url", address));
    waitFor("document.readyState === 'complete' && location.href !== 'about:blank'");
  }

  /** The value of a JavaScript expression in the page (promises are awaited), as text. */
  public String evaluate(String expression) {
    JsonNode answer =
        call(
            "Runtime.evaluate",
            JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    JsonNode value = answer.path("result").path("value");
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** Waits up to 30 s until a JavaScript condition holds in the page. */
  public void waitFor(String condition) {
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          // While the page navigates, there is briefly no context to evaluate in.
          .ignoreExceptionsInstanceOf(IllegalStateException.class)
          .until(() -> "true".equals(evaluate("Boolean(" + condition + ")")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "The page never showed " + condition + "; it shows: " + text().strip(), e);
    }
  }

  /** What the page shows, as text. */
  public String text() {
    return evaluate("document.body ? document.body.innerText : ''");
  }

  /** Forgets every cookie, so the next page starts without a session. */
  public void forgetCookies() {
    call("Network.clearBrowserCookies", JSON.createObjectNode());
  }

  public String address() {
    return evaluate("location.href");
  }

  /** A picture of what the page shows, as PNG. */
  public byte[] screenshot() {
    return Base64.getDecoder()
        .decode(
            call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
                .path("data")
                .asText());
  }

  @Override
  public void close() throws IOException {
    page.abort();
    // Chromium's helper processes write into the profile too: stop them with the browser.
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle helper : helpers) {
        helper.destroyForcibly();
        helper.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Deleted below as far as it can be.
    }
    process.destroyForcibly();
    deleteProfile();
  }

  /** Deletes the profile folder; a file that vanished meanwhile is no failure. */
  private void deleteProfile() throws IOException {
    Files.walkFileTree(
        profile,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException failure)
              throws IOException {
            if (failure instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw failure;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException failure)
              throws IOException {
            try {
              Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException refilled) {
              // A late write of the browser's: a left-over temporary folder, not a failure.
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private URI devToolsAddress() throws IOException {
    BufferedReader errors =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = errors.readLine(); line != null; line = errors.readLine()) {
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        // Keep reading what Chromium says, or it blocks once the pipe is full.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (errors.readLine() != null) {
                      // discarded
                    }
                  } catch (IOException closed) {
                    // the browser has gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return URI.create(listening.group(1));
      }
    }
    throw new IllegalStateException("Chromium exited before it listened for DevTools");
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    page.sendText(message.toString(), true).join();
    try {
      JsonNode reply = answer.get(30, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.get("error"));
      }
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no answer", e);
    }
  }

  /** Collects the page's answers (possibly in several frames) and completes the waiting call. */
  private final class Answers implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> waiting = pending.remove(message.path("id").asInt(-1));
          if (waiting != null) {
            waiting.complete(message);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          partial.setLength(0);
        }
      }
      socket.request(1);
      return null;
    }
  }
}
