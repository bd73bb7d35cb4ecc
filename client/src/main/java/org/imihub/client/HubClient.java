package org.imihub.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.imihub.contract.hub.v1.AcknowledgementBatch;
import org.imihub.contract.hub.v1.AcknowledgementOutcomes;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.w3c.dom.Document;

/**
 * A back office's REST client for the hub: mutual TLS as one authority, signed envelopes out, and
 * every hub signature checked on the way in (receipts, deliveries). Refusals arrive as {@link
 * HubProblemException} with the hub's error code.
 */
public class HubClient {
  /** The hub takes at most this many acknowledgements in one call. */
  private static final int ACKNOWLEDGEMENTS_PER_CALL = 100;

  private final URI base;
  private final SigningIdentity authority;
  private final String authorityId;
  private final XmlSigner signer;
  private final X509Certificate hubCertificate;
  private final HttpClient http;

  /**
   * @param base the hub's address, e.g. https://localhost:8443
   * @param authorityId the id the directory knows this authority by (e.g. HU-EEKH)
   * @param hubCertificate the hub's signing certificate; receipts and deliveries must carry it
   */
  public HubClient(
      URI base,
      String authorityId,
      SigningIdentity authority,
      List<X509Certificate> trustedCas,
      X509Certificate hubCertificate) {
    this.base = base;
    this.authority = authority;
    this.authorityId = authorityId;
    this.signer = new XmlSigner(authority);
    this.hubCertificate = hubCertificate;
    this.http =
        HttpClient.newBuilder()
            .sslContext(authority.tlsContext(trustedCas))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public String authorityId() {
    return authorityId;
  }

  public XmlSigner signer() {
    return signer;
  }

  /**
   * Sends signed envelope bytes; returns the hub's receipt after checking its signature and digest.
   */
  public Receipt submit(byte[] signedEnvelope) {
    HttpResponse<byte[]> response = send(post("/api/v1/messages", signedEnvelope));
    return Receipts.verify(response.body(), signedEnvelope, hubCertificate);
  }

  public List<Mailbox.Entry> mailbox() {
    return mailboxEntries(send(get("/api/v1/mailbox")));
  }

  /**
   * The mailbox, waiting up to {@code wait} (at most a minute) for a first delivery if it is empty:
   * long polling, so that a back office need not ask again and again.
   */
  public List<Mailbox.Entry> mailbox(Duration wait) {
    return mailboxEntries(send(longPoll("/api/v1/mailbox?wait=" + wait.toSeconds(), wait)));
  }

  /**
   * The same, each entry with its hub-signed document (at most 2 MiB of them per call: the rest
   * come with the next), so that no delivery needs a fetch of its own; {@link #verify} checks each.
   */
  public List<Mailbox.Entry> mailboxWithDocuments(Duration wait) {
    return mailboxEntries(
        send(longPoll("/api/v1/mailbox?documents=true&wait=" + wait.toSeconds(), wait)));
  }

  private HttpRequest longPoll(String path, Duration wait) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(wait.plusSeconds(60)).GET().build();
  }

  private static List<Mailbox.Entry> mailboxEntries(HttpResponse<byte[]> response) {
    Document document = SecureXml.parse(response.body());
    return ContractJaxb.read(document.getDocumentElement(), Mailbox.class).getEntry();
  }

  /** Fetches a delivery from the mailbox and checks the hub's and the sender's signatures. */
  public VerifiedDelivery fetch(String deliveryId) {
    return VerifiedDelivery.verify(
        send(get("/api/v1/mailbox/" + deliveryId)).body(), hubCertificate);
  }

  /** Checks the hub's and the sender's signatures on a document listed with its entry. */
  public VerifiedDelivery verify(Mailbox.Entry listedWithDocument) {
    if (listedWithDocument.getDocument() == null) {
      throw new IllegalArgumentException(
          "entry " + listedWithDocument.getDeliveryId() + " was listed without its document");
    }
    return VerifiedDelivery.verify(listedWithDocument.getDocument(), hubCertificate);
  }

  /**
   * Acknowledges a fetched delivery with a signed acknowledgement; the hub then drops it from the
   * mailbox.
   */
  public void acknowledge(VerifiedDelivery delivery) {
    send(post("/api/v1/mailbox/" + delivery.deliveryId() + "/ack", acknowledgement(delivery)));
  }

  /**
   * Acknowledges deliveries a hundred per call, each with its own signed acknowledgement.
   *
   * @return the hub's outcome for each, in their order: ACKNOWLEDGED or the code that refused it
   */
  public List<AcknowledgementOutcomes.Outcome> acknowledge(List<VerifiedDelivery> deliveries) {
    List<AcknowledgementOutcomes.Outcome> outcomes = new ArrayList<>();
    for (int from = 0; from < deliveries.size(); from += ACKNOWLEDGEMENTS_PER_CALL) {
      AcknowledgementBatch batch = new AcknowledgementBatch();
      deliveries
          .subList(from, Math.min(deliveries.size(), from + ACKNOWLEDGEMENTS_PER_CALL))
          .forEach(delivery -> batch.getAcknowledgement().add(acknowledgement(delivery)));
      Document answer =
          SecureXml.parse(
              send(post(
                      "/api/v1/mailbox/acknowledgements",
                      SecureXml.toBytes(ContractJaxb.write(batch))))
                  .body());
      outcomes.addAll(
          ContractJaxb.read(answer.getDocumentElement(), AcknowledgementOutcomes.class)
              .getOutcome());
    }
    return outcomes;
  }

  private byte[] acknowledgement(VerifiedDelivery delivery) {
    return Acknowledgements.sign(signer, delivery.deliveryId(), delivery.messageId(), authorityId);
  }

  public Exchange exchange(String exchangeId) {
    Document document = SecureXml.parse(send(get("/api/v1/exchanges/" + exchangeId)).body());
    return ContractJaxb.read(document.getDocumentElement(), Exchange.class);
  }

  /** Sends any bytes as a message, without checks: for tests of what the hub refuses. */
  public HttpResponse<byte[]> postRaw(String path, String contentType, byte[] body) {
    return exchangeRaw(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  public HttpResponse<byte[]> getRaw(String path) {
    return exchangeRaw(get(path));
  }

  /** A GET with request headers given as name, value, name, value... */
  public HttpResponse<byte[]> getRaw(String path, String... headers) {
    return exchangeRaw(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .headers(headers)
            .GET()
            .build());
  }

  private HttpRequest post(String path, byte[] body) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/xml")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build();
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    HttpResponse<byte[]> response = exchangeRaw(request);
    if (response.statusCode() >= 300) {
      throw problem(response);
    }
    return response;
  }

  private HttpResponse<byte[]> exchangeRaw(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the hub at " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Reads the problem document of a refused request. */
  public static HubProblemException problem(HttpResponse<byte[]> response) {
    try {
      return HubProblemException.fromProblem(SecureXml.parse(response.body()).getDocumentElement())
          .orElseThrow();
    } catch (RuntimeException notAProblemDocument) {
      return new HubProblemException(
          "HTTP_" + response.statusCode(),
          response.statusCode(),
          null,
          new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
