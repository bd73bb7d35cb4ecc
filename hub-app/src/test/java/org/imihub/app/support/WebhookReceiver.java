package org.imihub.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.imihub.client.Acknowledgements;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.signature.XmlSigner;

/**
 * A back office that takes webhook deliveries: a real HTTPS server on a random port that requires
 * the hub's client certificate, checks both signatures of each delivery, and answers with a signed
 * acknowledgement. While "down" it answers 503, as a failing back office would.
 */
public final class WebhookReceiver implements AutoCloseable {
  private final HttpsServer server;
  private final String authorityId;
  private final XmlSigner signer;
  private final Map<String, AtomicInteger> timesReceived = new ConcurrentHashMap<>();
  private final List<VerifiedDelivery> received = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  public WebhookReceiver(String authorityId) throws IOException {
    this.authorityId = authorityId;
    this.signer = DemoPki.signer(authorityId);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setHttpsConfigurator(
        new HttpsConfigurator(DemoPki.identity("webhook-localhost").tlsContext(DemoPki.cas())) {
          @Override
          public void configure(HttpsParameters parameters) {
            parameters.setNeedClientAuth(true);
          }
        });
    server.createContext("/imi", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("https://localhost:" + server.getAddress().getPort() + "/imi");
  }

  public void down(boolean down) {
    this.down = down;
  }

  /** How many times each delivery id arrived (and was acknowledged). */
  public int timesReceived(String deliveryId) {
    AtomicInteger count = timesReceived.get(deliveryId);
    return count == null ? 0 : count.get();
  }

  public List<VerifiedDelivery> received() {
    return received;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if ("OPTIONS".equals(exchange.getRequestMethod())) {
      // The hub's health probe: answer that the endpoint is here.
      exchange.sendResponseHeaders(down ? 503 : 204, -1);
      exchange.close();
      return;
    }
    if (down) {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
      return;
    }
    VerifiedDelivery delivery = VerifiedDelivery.verify(body, DemoPki.hubCertificate());
    received.add(delivery);
    timesReceived
        .computeIfAbsent(delivery.deliveryId(), id -> new AtomicInteger())
        .incrementAndGet();
    byte[] acknowledgement =
        Acknowledgements.sign(signer, delivery.deliveryId(), delivery.messageId(), authorityId);
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    exchange.sendResponseHeaders(200, acknowledgement.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(acknowledgement);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
