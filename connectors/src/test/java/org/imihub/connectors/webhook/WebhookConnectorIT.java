package org.imihub.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.imihub.client.Acknowledgements;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.routes.HubProperties;
import org.imihub.routes.RoutesConfiguration.TrustedCas;
import org.imihub.routes.delivery.AcknowledgementCheck;
import org.imihub.routes.delivery.ConnectorException;
import org.imihub.routes.delivery.ConnectorException.Cause;
import org.imihub.routes.delivery.DeliveryConnector.Reachability;
import org.imihub.routes.delivery.DeliveryStatus;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.ConnectorType;
import org.imihub.routes.directory.Directory;
import org.imihub.routes.testsupport.DemoEnvelopes;
import org.imihub.routes.testsupport.HubTestProperties;
import org.imihub.testsupport.BothDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook connector against a real back office: an HTTPS server on a random port that wants the
 * hub's client certificate, answering each delivery as the test says. A delivery is acknowledged
 * over one kept connection; every way of failing is named by its own cause, and a back office can
 * neither make the hub read an endless answer nor hold it with one that stalls.
 */
class WebhookConnectorIT {
  static final String RECIPIENT = "DE-BAEK";
  static final String MESSAGE_ID = "m-1";
  static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(700);
  static final byte[] DOCUMENT =
      "<hub:Delivery xmlns:hub=\"urn:imi-hub:hub:v1\"/>".getBytes(StandardCharsets.UTF_8);

  /** How the back office answers a delivery, given the delivery id the test expects. */
  @FunctionalInterface
  interface Answering {
    void answer(HttpExchange exchange, String deliveryId) throws IOException;
  }

  /** What the back office saw of one call. */
  record Call(
      String method, String contentType, int clientPort, String clientSubject, byte[] body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final CountDownLatch testOver = new CountDownLatch(1);
  final XmlSigner recipientSigner = new XmlSigner(DemoEnvelopes.identity(RECIPIENT));
  volatile Answering answering = this::acknowledge;
  volatile String deliveryId;
  HttpsServer server;
  ExecutorService serverThreads;
  Authority recipient;
  WebhookConnector connector;

  @BeforeEach
  void startBackOfficeAndConnector() throws IOException {
    SigningIdentity ca = DemoEnvelopes.identity("ca");
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setHttpsConfigurator(
        new HttpsConfigurator(
            DemoEnvelopes.identity("webhook-localhost").tlsContext(List.of(ca.certificate()))) {
          @Override
          public void configure(HttpsParameters parameters) {
            // Through SSLParameters: HttpsParameters.setNeedClientAuth alone was not applied.
            SSLParameters tls = getSSLContext().getDefaultSSLParameters();
            tls.setNeedClientAuth(true);
            parameters.setSSLParameters(tls);
          }
        });
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext("/imi/", this::handle);
    server.start();
    recipient = recipientAt(URI.create("https://localhost:" + port() + "/imi/" + RECIPIENT));
    connector = connector(new TrustedCas(List.of(ca.certificate())));
  }

  @AfterEach
  void stop() {
    testOver.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void deliveriesAreAcknowledgedOverOneKeptConnectionThatPresentsTheHubsCertificate() {
    for (int i = 1; i <= 5; i++) {
      deliveryId = MESSAGE_ID + "~" + RECIPIENT + "-" + i;
      assertThat(connector.deliver(recipient, deliveryId, MESSAGE_ID, DOCUMENT))
          .isEqualTo(DeliveryStatus.ACKNOWLEDGED);
    }

    assertThat(calls).hasSize(5);
    assertThat(calls)
        .allSatisfy(
            call -> {
              assertThat(call.method()).isEqualTo("POST");
              assertThat(call.contentType()).startsWith("application/xml");
              assertThat(call.body()).isEqualTo(DOCUMENT);
              assertThat(call.clientSubject())
                  .isEqualTo(
                      DemoEnvelopes.identity("hub")
                          .certificate()
                          .getSubjectX500Principal()
                          .getName());
            });
    assertThat(calls.stream().map(Call::clientPort).distinct())
        .as("one connection, kept between deliveries")
        .hasSize(1);
  }

  @Test
  void aDeliveryStartsNoThreadOfItsOwn() {
    for (int i = 1; i <= 5; i++) { // the client's threads, and the test server's four
      deliveryId = MESSAGE_ID + "~" + RECIPIENT + "-W" + i;
      connector.deliver(recipient, deliveryId, MESSAGE_ID, DOCUMENT);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long startedBefore = threads.getTotalStartedThreadCount();

    for (int i = 1; i <= 20; i++) {
      deliveryId = MESSAGE_ID + "~" + RECIPIENT + "-" + i;
      assertThat(connector.deliver(recipient, deliveryId, MESSAGE_ID, DOCUMENT))
          .isEqualTo(DeliveryStatus.ACKNOWLEDGED);
    }

    // The JDK client's sendAsync passed every answer to the common pool, which on two cores or
    // fewer starts a thread per task: 20 here, and one per delivery in a fan-out. (On more cores
    // the pool reuses its threads, so there this test passes either way.)
    assertThat(threads.getTotalStartedThreadCount() - startedBefore)
        .as("threads started by 20 deliveries (the test's back office starts none)")
        .isLessThan(5);
  }

  @Test
  void anHttpErrorOrARedirectIsAnHttpStatusAndNoRedirectIsFollowed() {
    answering = (exchange, id) -> answer(exchange, 503, new byte[0]);
    assertFailsWith(Cause.HTTP_STATUS, "HTTP 503 from " + recipient.endpoint());

    answering =
        (exchange, id) -> {
          exchange.getResponseHeaders().add("Location", "https://localhost:" + port() + "/imi/x");
          answer(exchange, 302, new byte[0]);
        };
    assertFailsWith(Cause.HTTP_STATUS, "HTTP 302");
    assertThat(calls).extracting(Call::method).containsExactly("POST", "POST");
  }

  @Test
  void anAnswerThatIsNotThisDeliverysSignedAcknowledgementIsABadAcknowledgement() {
    answering = (exchange, id) -> answer(exchange, 200, "not xml".getBytes(StandardCharsets.UTF_8));
    assertFailsWith(Cause.BAD_ACKNOWLEDGEMENT, ErrorCode.MALFORMED_XML.name());

    answering = (exchange, id) -> answer(exchange, 200, acknowledgement(MESSAGE_ID + "~FR-CNOM"));
    assertFailsWith(Cause.BAD_ACKNOWLEDGEMENT, ErrorCode.ACKNOWLEDGEMENT_INVALID.name());

    assertStillDelivers();
  }

  @Test
  void anEndlessAnswerIsRefusedWithoutReadingItAll() {
    answering =
        (exchange, id) -> {
          exchange.sendResponseHeaders(200, 0); // chunked, without end
          byte[] chunk = new byte[64 * 1024];
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 10_000; i++) { // 640 MB, were it all read
              out.write(chunk);
            }
          }
        };
    assertFailsWith(
        Cause.BAD_ACKNOWLEDGEMENT, "is longer than " + WebhookConnector.MAX_ANSWER_BYTES);

    assertStillDelivers();
  }

  @Test
  void noAnswerWithinTheResponseTimeoutIsATimeout() {
    answering =
        (exchange, id) -> {
          holdUntilTheTestEnds();
          acknowledge(exchange, id);
        };
    assertFailsWith(Cause.TIMEOUT, "no whole answer from " + recipient.endpoint() + " within");
  }

  @Test
  void anAnswerThatStallsAfterItsHeadersIsATimeout() {
    answering =
        (exchange, id) -> {
          exchange.sendResponseHeaders(200, 10_000);
          OutputStream out = exchange.getResponseBody();
          out.write(new byte[100]);
          out.flush();
          holdUntilTheTestEnds();
        };
    assertTimeoutPreemptively(
        RESPONSE_TIMEOUT.multipliedBy(3),
        () -> assertFailsWith(Cause.TIMEOUT, "within " + RESPONSE_TIMEOUT));
  }

  @Test
  void nobodyListeningIsARefusedConnectionAndShowsAsUnreachable() throws IOException {
    Authority gone = recipientAt(URI.create("https://localhost:" + freePort() + "/imi/gone"));

    assertThatThrownBy(() -> connector.deliver(gone, "d", MESSAGE_ID, DOCUMENT))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.failure()).isEqualTo(Cause.CONNECTION_REFUSED));
    assertThat(connector.check(gone).reachable()).isFalse();
    assertThat(connector.check(gone).cause()).isEqualTo(Cause.CONNECTION_REFUSED.name());
    assertThat(connector.check(recipient)).isEqualTo(Reachability.REACHABLE);
  }

  @Test
  void aBackOfficeWhoseCertificateTheHubDoesNotTrustIsATlsFailure() {
    // The trusted list holds a certificate that is no CA: the back office's does not chain to it.
    WebhookConnector distrusting =
        connector(new TrustedCas(List.of(DemoEnvelopes.identity("DK-STPS").certificate())));

    assertThatThrownBy(() -> distrusting.deliver(recipient, "d", MESSAGE_ID, DOCUMENT))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Cause.TLS);
              assertThat(e.getMessage()).startsWith("TLS: TLS with " + recipient.endpoint());
            });
    assertThat(calls).as("nothing reached the back office").isEmpty();
  }

  /** A good answer after failed ones: the failures left the connector able to deliver. */
  private void assertStillDelivers() {
    answering = this::acknowledge;
    assertThat(connector.deliver(recipient, deliveryId, MESSAGE_ID, DOCUMENT))
        .isEqualTo(DeliveryStatus.ACKNOWLEDGED);
  }

  private void assertFailsWith(Cause cause, String inMessage) {
    deliveryId = MESSAGE_ID + "~" + RECIPIENT;
    assertThatThrownBy(() -> connector.deliver(recipient, deliveryId, MESSAGE_ID, DOCUMENT))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(cause);
              assertThat(e.getMessage()).contains(inMessage);
            });
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      handle2(exchange);
    } catch (Throwable t) {
      t.printStackTrace();
      throw t;
    }
  }

  private void handle2(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    X509Certificate client =
        (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
    calls.add(
        new Call(
            exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRemoteAddress().getPort(),
            client.getSubjectX500Principal().getName(),
            body));
    if ("OPTIONS".equals(exchange.getRequestMethod())) {
      answer(exchange, 204, null);
      return;
    }
    try {
      answering.answer(exchange, deliveryId);
    } catch (IOException theHubHungUp) {
      exchange.close();
    }
  }

  private void acknowledge(HttpExchange exchange, String id) throws IOException {
    answer(exchange, 200, acknowledgement(id));
  }

  /** The recipient's signed acknowledgement of delivery {@code id} of {@link #MESSAGE_ID}. */
  private byte[] acknowledgement(String id) {
    return Acknowledgements.sign(recipientSigner, id, MESSAGE_ID, RECIPIENT);
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (body != null) {
        out.write(body);
      }
    }
  }

  private WebhookConnector connector(TrustedCas trusted) {
    JdbcTemplate jdbc = new JdbcTemplate(BothDatabases.h2());
    Directory directory = new Directory(jdbc);
    directory.register(recipient, List.of(recipientSigner.identity().certificate()));
    return new WebhookConnector(
        DemoEnvelopes.identity("hub"),
        trusted,
        HubTestProperties.withDelivery(
            new HubProperties.Delivery(
                true,
                4,
                Duration.ofSeconds(2),
                RESPONSE_TIMEOUT,
                Duration.ZERO,
                Duration.ofSeconds(2),
                Duration.ofMinutes(1))),
        new AcknowledgementCheck(directory, Clock.systemUTC()));
  }

  private static Authority recipientAt(URI endpoint) {
    return new Authority(
        RECIPIENT,
        "Bundesagentur (demo)",
        "DE",
        "de",
        ConnectorType.WEBHOOK,
        endpoint,
        Set.of(),
        Set.of(),
        null);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A back office that says nothing more until the test is over (or, at worst, a minute). */
  private void holdUntilTheTestEnds() {
    try {
      testOver.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
